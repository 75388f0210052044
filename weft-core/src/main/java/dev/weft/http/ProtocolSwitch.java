package dev.weft.http;

/**
 * Where a connection goes after a {@code 101 Switching Protocols} answer
 * ({@link Response#switchProtocols}): a protocol the server can hand the connection to. The
 * server's protocols ({@code dev.weft.protocol.Protocol}) are the implementations it accepts.
 */
public interface ProtocolSwitch {

    /** The protocol's name. */
    String name();
}
