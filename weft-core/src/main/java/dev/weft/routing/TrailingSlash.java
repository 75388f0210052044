package dev.weft.routing;

/**
 * What a {@link Router} does with a request whose path misses every route only by a trailing
 * slash: {@code /books/} when the route is {@code /books}, or {@code /books} when it is
 * {@code /books/}. Chosen once, with {@link Router#trailingSlash}.
 *
 * <p>The policy applies only when no route matches the path as sent: a path that some route
 * matches (a wildcard included) is never redirected or rewritten. Routers nested with
 * {@link Router#nest} follow the policy of the router they are nested in unless they choose
 * their own. The root path {@code /} has no other form.
 */
public enum TrailingSlash {

    /**
     * The default: {@code /books} and {@code /books/} are different paths, and a request for
     * the one that has no route is {@code 404}.
     */
    STRICT,

    /**
     * A request that misses only by a trailing slash is answered {@code 308 Permanent Redirect}
     * to the form that has a route, with the query string kept. 308, for every method, because
     * unlike 301 it tells the client to repeat the same method with the same body, so a
     * {@code POST} stays a {@code POST}. The {@code Location} is the path as the client sent
     * it (under a mount or nest too), so it is never a different host.
     */
    REDIRECT,

    /**
     * Both forms are served by the same route, without a redirect: a request for
     * {@code /books/} is answered by the {@code /books} route and keeps its own path.
     */
    IGNORE
}
