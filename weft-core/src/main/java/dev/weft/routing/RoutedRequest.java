package dev.weft.routing;

import dev.weft.http.ForwardingRequest;
import dev.weft.http.QueryString;
import dev.weft.http.Request;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request as a matched route's handler sees it: with the route's path parameters and,
 * under a mount, with the rest of the path as its path.
 */
final class RoutedRequest extends ForwardingRequest {

    private final Map<String, String> params;
    private final String rawPath;
    private final String path;
    private final Route route;
    private String fullPattern; // computed on first use: most requests never ask

    /**
     * @param params       this route's parameters; they are added to any the request already
     *                     has (from an outer router)
     * @param mountedRawPath the path the handler should see, still encoded, or {@code null}
     *                     to keep the request's own
     * @param route        the route that matched
     */
    RoutedRequest(Request delegate, Map<String, String> params, String mountedRawPath, Route route) {
        super(delegate);
        this.route = route;
        Map<String, String> outer = delegate.pathParams();
        if (outer.isEmpty()) {
            this.params = params;
        } else {
            Map<String, String> merged = new LinkedHashMap<>(outer);
            merged.putAll(params);
            this.params = Collections.unmodifiableMap(merged);
        }
        this.rawPath = mountedRawPath;
        this.path = mountedRawPath == null ? null
                : mountedRawPath.indexOf('%') < 0 ? mountedRawPath : QueryString.decodePath(mountedRawPath);
    }

    @Override
    public Map<String, String> pathParams() {
        return params;
    }

    @Override
    public Optional<String> route() {
        String full = fullPattern;
        if (full == null) {
            full = RouteRecorder.fullPattern(super.route().orElse(null), route);
            fullPattern = full;
        }
        return Optional.of(full);
    }

    @Override
    public String path() {
        return path == null ? super.path() : path;
    }

    @Override
    public String rawPath() {
        return rawPath == null ? super.rawPath() : rawPath;
    }
}
