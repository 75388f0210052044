/**
 * weft's engine and the API applications write against. JDK only.
 *
 * <p>Exported, and so public API:
 * <ul>
 *   <li>{@code dev.weft.http}: what a handler sees: {@code Handler}, {@code Request},
 *       {@code Response}, {@code Filter}, {@code Headers}, {@code RequestLimits}, …;</li>
 *   <li>{@code dev.weft.routing}: {@code Router}, path patterns, exception mappers;</li>
 *   <li>{@code dev.weft.filters}: the filters that ship with weft;</li>
 *   <li>{@code dev.weft.files}: {@code StaticFiles}, a handler over a folder;</li>
 *   <li>{@code dev.weft.server}: {@code Server} and {@code ServerConfig}, the engine;</li>
 *   <li>{@code dev.weft.protocol}: the protocol SPI: {@code Transport}, {@code Protocol},
 *       {@code ServerConnection}, {@code ConnectionContext}.</li>
 * </ul>
 * Internal, and free to change between releases: HTTP/1.1 ({@code dev.weft.http1}: the codec,
 * the connection, the protocol), the transports ({@code dev.weft.transport}) and the worker
 * pools ({@code dev.weft.pool}). The engine finds HTTP/1.1 as a service, so that it does not
 * name it.
 */
module dev.weft.core {
    exports dev.weft.http;
    exports dev.weft.routing;
    exports dev.weft.filters;
    exports dev.weft.files;
    exports dev.weft.server;
    exports dev.weft.protocol;

    uses dev.weft.protocol.Protocol;
    provides dev.weft.protocol.Protocol with dev.weft.http1.Http1Protocol;
}
