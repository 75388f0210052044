/**
 * The seam between weft's engine and the protocols it speaks: a {@link dev.weft.protocol.Transport}
 * (a connected byte stream with deadlines), a {@link dev.weft.protocol.Protocol} that
 * recognises a connection's first bytes and opens a {@link dev.weft.protocol.ServerConnection}
 * over a transport, and the {@link dev.weft.protocol.ConnectionContext} the engine gives it.
 * HTTP/1.1 is the first protocol; register others with {@code ServerConfig.Builder.protocol},
 * or switch to one from an HTTP/1.1 exchange with {@code Response.switchProtocols}.
 */
package dev.weft.protocol;
