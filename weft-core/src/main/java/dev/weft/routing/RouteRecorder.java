package dev.weft.routing;

import java.util.Optional;

/**
 * Where routers note the route that answered a request, for a filter that runs outside the
 * router (an access log, a metrics recorder) and so sees the request before it was routed.
 *
 * <p>The filter puts a new recorder on the request as an attribute, lets the request through,
 * then reads {@link #pattern()}:
 *
 * <pre>{@code
 * RouteRecorder route = new RouteRecorder();
 * Response response = next.handle(request.withAttribute(RouteRecorder.class, route));
 * String pattern = route.pattern().orElse(null);     // "/todos/{id}"
 * }</pre>
 *
 * <p>The pattern is the whole one across nested routers: a route {@code /{id}} of a router
 * nested at {@code /todos} is {@code /todos/{id}}. A mount that is not a router (a
 * {@code StaticFiles} at {@code /static}) is {@code /static/{*}}. Empty when no route matched
 * (a 404), or when the request never reached a router. Without a recorder on the request,
 * routers note nothing and pay nothing.
 */
public final class RouteRecorder {

    private volatile String pattern;

    /** An empty recorder, for one request. */
    public RouteRecorder() {
    }

    /** The pattern of the route that matched, e.g. {@code /todos/{id}}; empty if none did. */
    public Optional<String> pattern() {
        return Optional.ofNullable(pattern);
    }

    /** Called by a router that matched a route, with its whole pattern ({@link #fullPattern}). */
    void matched(String fullPattern) {
        pattern = fullPattern;
    }

    /**
     * The whole pattern of {@code route} matched inside {@code outer}, the pattern of the
     * mount that led to its router ({@code /users/{id}/posts/{*}}), or {@code null} at the top.
     * A mount is reported as {@code prefix/{*}}.
     */
    static String fullPattern(String outer, Route route) {
        String prefix = outer != null && outer.endsWith("/{*}") ? outer.substring(0, outer.length() - 4) : null;
        String source = route.pattern().source();
        if (route.mounted()) {
            // Both the prefix itself and prefix/{*} are registered for a mount: report one form.
            String own = source.endsWith("/{*}") ? source.substring(0, source.length() - 4) : source;
            return join(join(prefix, own), "/{*}");
        }
        return join(prefix, source);
    }

    private static String join(String prefix, String path) {
        if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
            return path.isEmpty() ? "/" : path;
        }
        if (path.isEmpty() || path.equals("/")) {
            return prefix;
        }
        return prefix + path;
    }
}
