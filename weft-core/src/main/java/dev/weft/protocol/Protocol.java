package dev.weft.protocol;

import dev.weft.http.ProtocolSwitch;
import java.nio.ByteBuffer;

/**
 * An application protocol the server speaks: HTTP/1.1 always, others registered with
 * {@code ServerConfig.Builder.protocol}. The engine picks a connection's protocol by its
 * first bytes (or the transport's negotiated protocol) and asks it to open a
 * {@link ServerConnection} over the transport; from then on the engine tracks the connection
 * through that interface only.
 *
 * <p>A protocol is also where an HTTP/1.1 connection can be handed over with
 * {@code 101 Switching Protocols} ({@link dev.weft.http.Response#switchProtocols}).
 *
 * <p>Implementations are shared by every connection: stateless, or safe for concurrent use.
 */
public interface Protocol extends ProtocolSwitch {

    /** The protocol's name, e.g. {@code "http/1.1"}; also its ALPN identifier where it has one. */
    @Override
    String name();

    /**
     * Whether a connection whose first bytes are {@code firstBytes} (from its position to its
     * limit; not to be consumed) speaks this protocol. Asked only when several protocols are
     * registered, with as many bytes as have arrived, until one says {@link Recognition#YES}.
     */
    Recognition recognises(ByteBuffer firstBytes);

    /**
     * Whether a transport that negotiated {@code applicationProtocol} (ALPN) speaks this
     * protocol; by default, whether that is its {@link #name()}.
     */
    default boolean recognisesNegotiated(String applicationProtocol) {
        return name().equals(applicationProtocol);
    }

    /**
     * Opens a connection over {@code transport}. {@code alreadyRead} holds bytes read from the
     * transport before the protocol was chosen (its first bytes, or what a client sent right
     * after an upgrade request), from its position to its limit, which belong to this
     * protocol; {@link Transport#unread} gives them back to the transport. The engine then
     * calls {@link ServerConnection#begin()}.
     */
    ServerConnection open(Transport transport, ByteBuffer alreadyRead, ConnectionContext context);

    /**
     * Refuses a connection the server cannot take (it is full, or shutting down) in this
     * protocol's words, e.g. HTTP/1.1's {@code 503}, without blocking, and closes it.
     */
    void refuse(Transport transport, String reason);
}
