package dev.weft.routing;

import dev.weft.http.ErrorResponses;
import dev.weft.http.Filter;
import dev.weft.http.Handler;
import dev.weft.http.HttpChars;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Dispatches requests to handlers by method and path: weft's answer to axum's {@code Router}.
 *
 * <pre>{@code
 * Router router = new Router()
 *         .get("/todos", todos::list)
 *         .get("/todos/{id}", todos::get)
 *         .post("/todos", todos::create)
 *         .mount("/static", staticFiles)
 *         .filter(new RequestIdFilter())
 *         .onException(ValidationError.class, (e, request) -> Response.status(422).json(e.toJson()));
 * Server.start(config, router);
 * }</pre>
 *
 * <h2>Patterns and precedence</h2>
 * See {@link PathPattern}: literal segments, {@code {param}} and a trailing {@code {*rest}}.
 * At each segment a literal beats a parameter, which beats a wildcard. The path is matched
 * first, then the method. Two routes that would answer the same method on the same paths
 * ({@code /users/{id}} and {@code /users/{name}}) are refused when the second is added, with
 * a {@link RouteConflictException}. Parameters are matched on the encoded path and decoded
 * segment by segment, so {@code /files/a%2Fb} gives {@code {name}} the value {@code a/b}.
 *
 * <h2>Answers the router gives itself</h2>
 * <ul>
 *   <li>No route for the path: {@code 404} (or the {@link #notFound} handler); under
 *       {@link #trailingSlash}{@code (REDIRECT)} a {@code 308} when only the trailing slash
 *       differs from a route's path.</li>
 *   <li>A route for the path but not the method: {@code 405} with {@code Allow}.</li>
 *   <li>{@code HEAD} without a HEAD route: the GET route answers; the server sends its
 *       headers and no body.</li>
 *   <li>{@code OPTIONS} without an OPTIONS route: {@code 204} with {@code Allow}.</li>
 * </ul>
 *
 * <h2>Filters</h2>
 * {@link #filter} adds a filter around everything this router does, 404s and 405s
 * included; the first added is the outermost (see {@link Filter}). A filter for one route
 * only wraps that route's handler: {@code router.post("/upload", BodyLimitFilter.of(1 << 20).wrap(upload))}.
 *
 * <h2>Errors</h2>
 * What a handler throws is turned into a response by the mappers registered with
 * {@link #onException}, or by the defaults described at {@link ExceptionMappers}: an
 * {@code HttpException} keeps its status and message (text or JSON per {@code Accept}),
 * anything else is a bare {@code 500}. Mapping happens inside the filters, so they see the
 * final status.
 *
 * <h2>Application state</h2>
 * Handlers are objects: give them what they need in their constructor. For state that
 * filters or generic handlers look up, {@link #state} puts a value on every request, read
 * with {@code request.require(Type.class)}; no globals.
 *
 * <p>A router is configured on one thread and then shared: the first request freezes it,
 * and later configuration fails with {@link IllegalStateException}.
 */
public final class Router implements Handler {

    private final RouteTree tree = new RouteTree();
    private final List<Filter> filters = new ArrayList<>();
    private final ExceptionMappers mappers = new ExceptionMappers();
    private final Map<Class<?>, Object> state = new LinkedHashMap<>();
    private Handler notFound = request -> ErrorResponses.of(request, 404, "Not Found");
    /** The chosen policy, or {@code null}: the enclosing router's when nested, else STRICT. */
    private TrailingSlash trailingSlash;
    private volatile Handler compiled;

    /** An empty router: every path is 404 until routes are added. */
    public Router() {
    }

    /** Routes {@code GET} (and so {@code HEAD}) requests for {@code pattern} to {@code handler}. */
    public Router get(String pattern, Handler handler) {
        return route("GET", pattern, handler);
    }

    /** Routes {@code POST} requests for {@code pattern} to {@code handler}. */
    public Router post(String pattern, Handler handler) {
        return route("POST", pattern, handler);
    }

    /** Routes {@code PUT} requests for {@code pattern} to {@code handler}. */
    public Router put(String pattern, Handler handler) {
        return route("PUT", pattern, handler);
    }

    /** Routes {@code PATCH} requests for {@code pattern} to {@code handler}. */
    public Router patch(String pattern, Handler handler) {
        return route("PATCH", pattern, handler);
    }

    /** Routes {@code DELETE} requests for {@code pattern} to {@code handler}. */
    public Router delete(String pattern, Handler handler) {
        return route("DELETE", pattern, handler);
    }

    /**
     * Routes requests with {@code method} for {@code pattern} to {@code handler}.
     *
     * @throws IllegalArgumentException if the pattern is invalid
     * @throws RouteConflictException   if a route already answers this method on the same paths
     */
    public Router route(String method, String pattern, Handler handler) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(handler, "handler");
        if (method.isEmpty()) {
            throw new IllegalArgumentException("method must not be empty");
        }
        if (!HttpChars.isToken(method)) {
            throw new IllegalArgumentException("invalid method: " + method);
        }
        checkNotFrozen();
        tree.add(new Route(method, PathPattern.parse(pattern), handler, false));
        return this;
    }

    /**
     * Hands every request under {@code prefix}, any method, to {@code handler}, which sees
     * the rest of the path as its {@link Request#path()} and {@link Request#rawPath()}:
     * mounted at {@code /static}, a request for {@code /static/css/a.css} reaches it as
     * {@code /css/a.css}, and one for {@code /static} itself as {@code /}. The request
     * target, parameters of the prefix and everything else are kept. The handler answers
     * 404 and 405 itself.
     *
     * @param prefix a pattern without a wildcard and without a trailing slash, e.g.
     *               {@code /static} or {@code /users/{id}/files}; {@code /} mounts at the root
     */
    public Router mount(String prefix, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        checkNotFrozen();
        PathPattern base = PathPattern.parse(prefix);
        if (!base.segments().isEmpty()
                && base.segments().get(base.segments().size() - 1) instanceof PathPattern.Wildcard) {
            throw new IllegalArgumentException("a mount prefix cannot end with a wildcard: " + prefix);
        }
        boolean root = prefix.equals("/");
        if (!root && prefix.endsWith("/")) {
            throw new IllegalArgumentException("a mount prefix must not end with '/': " + prefix);
        }
        List<PathPattern.Segment> rest = new ArrayList<>(root ? List.of() : base.segments());
        rest.add(new PathPattern.Wildcard(""));
        if (!root) {
            tree.add(new Route(null, base, handler, true));
        }
        tree.add(new Route(null, new PathPattern(root ? "/{*}" : prefix + "/{*}", rest), handler, true));
        return this;
    }

    /**
     * Mounts {@code child} under {@code prefix} (see {@link #mount}): its routes are relative
     * to the prefix. Exceptions the child has no mapper for are mapped by this router, so
     * mappers registered here apply to the child's routes too.
     */
    public Router nest(String prefix, Router child) {
        Objects.requireNonNull(child, "child");
        if (child == this) {
            throw new IllegalArgumentException("a router cannot be nested in itself");
        }
        return mount(prefix, request -> {
            Request nested = request.withAttribute(Nested.class, Nested.YES);
            TrailingSlash policy = policy(request);
            if (policy != TrailingSlash.STRICT) {
                nested = nested.withAttribute(InheritedSlash.class, new InheritedSlash(policy));
            }
            return child.handle(nested);
        });
    }

    /**
     * Adds a filter around this router's whole dispatch (routes, 404s and 405s). Filters
     * run in the order added: the first is the outermost.
     */
    public Router filter(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        checkNotFrozen();
        filters.add(filter);
        return this;
    }

    /**
     * Registers how exceptions of {@code type} (and its subclasses, unless a more specific
     * mapper exists) become responses. It applies to {@code HttpException}s too, replacing
     * the default text/JSON body.
     */
    public <E extends Exception> Router onException(Class<E> type, ExceptionMapper<? super E> mapper) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mapper, "mapper");
        checkNotFrozen();
        mappers.register(type, mapper);
        return this;
    }

    /**
     * Makes {@code value} available to every filter and handler of this router as
     * {@code request.require(type)} (or {@code attribute(type)}).
     */
    public <T> Router state(Class<T> type, T value) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        checkNotFrozen();
        if (state.putIfAbsent(type, value) != null) {
            throw new IllegalArgumentException("state of type " + type.getName() + " is already set");
        }
        return this;
    }

    /**
     * Chooses what a request that misses every route only by a trailing slash gets: a 404
     * ({@link TrailingSlash#STRICT}, the default), a {@code 308} redirect to the form that has
     * a route ({@link TrailingSlash#REDIRECT}), or that route's answer
     * ({@link TrailingSlash#IGNORE}). Routers nested in this one follow it unless they choose
     * their own.
     *
     * <pre>{@code
     * Router router = new Router().trailingSlash(TrailingSlash.REDIRECT)
     *         .get("/books", books::list);          // GET /books/?page=2 -> 308, Location: /books?page=2
     * }</pre>
     */
    public Router trailingSlash(TrailingSlash policy) {
        Objects.requireNonNull(policy, "policy");
        checkNotFrozen();
        this.trailingSlash = policy;
        return this;
    }

    /** Sets the handler for paths no route matches (by default a plain 404). */
    public Router notFound(Handler handler) {
        Objects.requireNonNull(handler, "handler");
        checkNotFrozen();
        this.notFound = handler;
        return this;
    }

    @Override
    public Response handle(Request request) throws Exception {
        Handler handler = compiled;
        if (handler == null) {
            handler = compile();
        }
        return handler.handle(request);
    }

    private synchronized Handler compile() {
        // Runs once, on the first request, before any blocking I/O: synchronized is fine here.
        if (compiled == null) {
            Handler mapped = request -> {
                try {
                    return dispatch(request);
                } catch (Exception e) {
                    return mappers.handle(e, request, isNested(request));
                }
            };
            Handler chained = Filter.chain(List.copyOf(filters), mapped);
            List<Map.Entry<Class<?>, Object>> values = List.copyOf(state.entrySet());
            compiled = request -> {
                Request withState = request;
                for (Map.Entry<Class<?>, Object> entry : values) {
                    withState = withAttribute(withState, entry.getKey(), entry.getValue());
                }
                try {
                    return chained.handle(withState);
                } catch (Exception e) {
                    // Thrown by a filter, or passed through one: map it here, outside the filters.
                    return mappers.handle(e, withState, isNested(withState));
                }
            };
        }
        return compiled;
    }

    @SuppressWarnings("unchecked")
    private static <T> Request withAttribute(Request request, Class<T> type, Object value) {
        return request.withAttribute(type, (T) value);
    }

    private static boolean isNested(Request request) {
        return request.attribute(Nested.class).isPresent();
    }

    private void checkNotFrozen() {
        if (compiled != null) {
            throw new IllegalStateException("the router is serving requests and cannot be changed");
        }
    }

    private Response dispatch(Request request) throws Exception {
        String rawPath = request.rawPath();
        RouteTree.Match match = tree.match(rawPath);
        if (match == null) {
            TrailingSlash policy = policy(request);
            String other = policy == TrailingSlash.STRICT ? null : otherForm(rawPath);
            RouteTree.Match otherMatch = other == null ? null : tree.match(other);
            if (otherMatch == null) {
                return notFound.handle(request);
            }
            if (policy == TrailingSlash.REDIRECT) {
                String location = redirectLocation(request);
                if (location == null) {
                    return notFound.handle(request);
                }
                return Response.redirect(308, location);
            }
            match = otherMatch; // IGNORE
        }
        RouteNode node = match.node();
        Route route = node.anyMethod;
        if (route == null) {
            String method = request.method();
            route = node.byMethod.get(method);
            if (route == null && method.equals("HEAD")) {
                route = node.byMethod.get("GET");
            }
            if (route == null) {
                String allow = allow(node);
                if (method.equals("OPTIONS")) {
                    return Response.status(204).header("Allow", allow);
                }
                return ErrorResponses.of(request, 405, "Method Not Allowed").header("Allow", allow);
            }
        }
        Request routed = routed(request, route, match);
        RouteRecorder recorder = request.attribute(RouteRecorder.class).orElse(null);
        if (recorder != null) {
            recorder.matched(routed.route().orElseThrow());
        }
        return route.handler().handle(routed);
    }

    private static Request routed(Request request, Route route, RouteTree.Match match) {
        List<String> names = route.pattern().parameterNames();
        List<String> values = match.values();
        int count = route.mounted() && match.rawRemainder() != null ? values.size() - 1 : values.size();
        Map<String, String> params = new LinkedHashMap<>(Math.max(4, count * 2));
        for (int i = 0; i < count; i++) {
            params.put(names.get(i), values.get(i));
        }
        String mountedPath = null;
        if (route.mounted()) {
            mountedPath = "/" + (match.rawRemainder() == null ? "" : match.rawRemainder());
        }
        return new RoutedRequest(request, java.util.Collections.unmodifiableMap(params), mountedPath, route);
    }

    /** This router's trailing-slash policy: its own, else the enclosing router's, else STRICT. */
    private TrailingSlash policy(Request request) {
        TrailingSlash own = trailingSlash;
        if (own != null) {
            return own;
        }
        return request.attribute(InheritedSlash.class).map(InheritedSlash::policy).orElse(TrailingSlash.STRICT);
    }

    /** {@code rawPath} with its trailing slash removed or added; {@code null} for {@code /}. */
    private static String otherForm(String rawPath) {
        if (rawPath.length() <= 1 || rawPath.charAt(0) != '/') {
            return null;
        }
        return rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath + "/";
    }

    /**
     * The request's own path (from its target: a mount changes the path a handler sees, not
     * the target) in its other form, with the query; {@code null} when that would not be a
     * plain path on this server ({@code //host} is a network-path reference).
     */
    private static String redirectLocation(Request request) {
        String target = request.target();
        int start = 0;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme < 0) {
                return null;
            }
            start = target.indexOf('/', scheme + 3);
            if (start < 0) {
                return null;
            }
        }
        int end = target.indexOf('?', start);
        String other = otherForm(target.substring(start, end < 0 ? target.length() : end));
        if (other == null || other.startsWith("//") || other.startsWith("/\\")) {
            return null;
        }
        String query = request.rawQuery();
        return query == null ? other : other + "?" + query;
    }

    /** The methods a path answers, for {@code Allow}: GET implies HEAD, OPTIONS always works. */
    private static String allow(RouteNode node) {
        Set<String> methods = new LinkedHashSet<>();
        for (String method : node.byMethod.keySet()) {
            methods.add(method);
            if (method.equals("GET")) {
                methods.add("HEAD");
            }
        }
        methods.add("OPTIONS");
        return String.join(", ", methods);
    }

    /** The trailing-slash policy of the router a nested one is nested in. */
    private record InheritedSlash(TrailingSlash policy) {
    }

    /** Marks a request as dispatched by a router nested in another one. */
    private enum Nested {
        YES
    }
}
