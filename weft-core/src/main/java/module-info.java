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
 *   <li>{@code dev.weft.server}: {@code Server} and {@code ServerConfig}.</li>
 * </ul>
 * Internal, and free to change between releases: the HTTP/1.1 codec ({@code dev.weft.http1})
 * and the worker pools ({@code dev.weft.pool}); the transport's classes are package-private in
 * {@code dev.weft.server}.
 */
module dev.weft.core {
    exports dev.weft.http;
    exports dev.weft.routing;
    exports dev.weft.filters;
    exports dev.weft.files;
    exports dev.weft.server;
}
