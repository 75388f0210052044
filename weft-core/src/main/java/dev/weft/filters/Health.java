package dev.weft.filters;

import dev.weft.http.Filter;
import dev.weft.http.Handler;
import dev.weft.http.JsonText;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Liveness and readiness endpoints, as load balancers and Kubernetes probe them.
 *
 * <ul>
 *   <li><b>Liveness</b> ({@code <prefix>/live}): {@code 200} while the process can answer at
 *       all; {@code 503} only after {@link #markNotLive()}. A failing liveness probe makes
 *       Kubernetes restart the container, so it checks nothing external.</li>
 *   <li><b>Readiness</b> ({@code <prefix>/ready}): {@code 200} when the server wants traffic:
 *       not {@link #markNotReady() draining} and every readiness check up; {@code 503}
 *       otherwise. A failing readiness probe only takes the instance out of the load
 *       balancer, so checks of what the instance needs (a database, a cache) belong here.</li>
 * </ul>
 * Both answer {@code GET} and {@code HEAD} with a small JSON body and
 * {@code Cache-Control: no-store}:
 * <pre>{@code
 * {"status":"UP","checks":{"database":"UP"}}
 * {"status":"DOWN","draining":true,"checks":{"database":"UP"}}
 * }</pre>
 *
 * <p>As a {@link Filter} it answers those two paths and passes every other request on; its
 * {@link #live()} and {@link #ready()} handlers can also be routed anywhere:
 * <pre>{@code
 * Health health = new Health("/health").addReadinessCheck("database", db::isReachable);
 * Handler app = health.wrap(router);                  // or router.get("/ready", health.ready())
 * // on SIGTERM: health.markNotReady(); sleep the drain delay; server.shutdown(...)
 * }</pre>
 *
 * <p>A check runs on the probing request's thread, each time; one that throws counts as
 * down. Keep checks quick, or have them read a state that is refreshed elsewhere.
 */
public final class Health implements Filter {

    /** A readiness check: whether what the instance needs is there. */
    @FunctionalInterface
    public interface Check {
        /** Whether it is up; throwing counts as down. */
        boolean up() throws Exception;
    }

    private final String livePath;
    private final String readyPath;
    private final Map<String, Check> checks = new LinkedHashMap<>();
    private volatile Map<String, Check> frozenChecks = Map.of();
    private volatile boolean ready = true;
    private volatile boolean live = true;

    /** Endpoints at {@code /health/live} and {@code /health/ready}. */
    public Health() {
        this("/health");
    }

    /**
     * Endpoints at {@code <prefix>/live} and {@code <prefix>/ready}.
     *
     * @param prefix a path starting with {@code /} and not ending with one, e.g.
     *               {@code /health} or {@code /_/health}; {@code /} gives {@code /live} and
     *               {@code /ready}
     */
    public Health(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.startsWith("/") || (prefix.length() > 1 && prefix.endsWith("/"))
                || !prefix.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '?' && c != '#' && c != '%')) {
            throw new IllegalArgumentException("a health prefix is a path such as /health, got '" + prefix + "'");
        }
        String base = prefix.equals("/") ? "" : prefix;
        this.livePath = base + "/live";
        this.readyPath = base + "/ready";
    }

    /**
     * Adds readiness check {@code name}, e.g. {@code addReadinessCheck("database", db::isReachable)};
     * checks run in the order added, on every readiness probe.
     */
    public synchronized Health addReadinessCheck(String name, Check check) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
        if (checks.putIfAbsent(name, check) != null) {
            throw new IllegalArgumentException("a readiness check named '" + name + "' exists already");
        }
        frozenChecks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        return this;
    }

    /**
     * Makes readiness answer {@code 503} from now on, whatever the checks say: what a
     * server does when told to stop, so that load balancers stop sending before the
     * listener closes.
     */
    public void markNotReady() {
        ready = false;
    }

    /** Makes readiness depend on the checks again, after {@link #markNotReady()}. */
    public void markReady() {
        ready = true;
    }

    /** Whether {@link #markNotReady()} is in force. */
    public boolean draining() {
        return !ready;
    }

    /** Makes liveness answer {@code 503}: the process is broken and should be restarted. */
    public void markNotLive() {
        live = false;
    }

    /** The liveness path, e.g. {@code /health/live}. */
    public String livePath() {
        return livePath;
    }

    /** The readiness path, e.g. {@code /health/ready}. */
    public String readyPath() {
        return readyPath;
    }

    /** Answers the two health paths ({@code GET} and {@code HEAD}); passes other requests on. */
    @Override
    public Response filter(Request request, Handler next) throws Exception {
        String path = request.path();
        boolean read = request.method().equals("GET") || request.method().equals("HEAD");
        if (path.equals(livePath)) {
            return read ? liveResponse() : notAllowed();
        }
        if (path.equals(readyPath)) {
            return read ? readyResponse() : notAllowed();
        }
        return next.handle(request);
    }

    private static Response notAllowed() {
        return Response.status(405).header("Allow", "GET, HEAD").header("Cache-Control", "no-store");
    }

    /** The liveness endpoint as a handler, to route it anywhere. */
    public Handler live() {
        return request -> liveResponse();
    }

    /** The readiness endpoint as a handler, to route it anywhere. */
    public Handler ready() {
        return request -> readyResponse();
    }

    private Response liveResponse() {
        return answer(live, "{\"status\":\"" + (live ? "UP" : "DOWN") + "\"}");
    }

    private Response readyResponse() {
        boolean up = ready;
        StringBuilder sb = new StringBuilder(64);
        Map<String, Check> current = frozenChecks;
        StringBuilder results = new StringBuilder();
        for (Map.Entry<String, Check> check : current.entrySet()) {
            boolean ok;
            try {
                ok = check.getValue().up();
            } catch (Exception | LinkageError e) {
                ok = false;
            }
            up &= ok;
            results.append(results.length() == 0 ? "" : ",")
                    .append(JsonText.quote(check.getKey())).append(':').append(ok ? "\"UP\"" : "\"DOWN\"");
        }
        sb.append("{\"status\":\"").append(up ? "UP" : "DOWN").append('"');
        if (!ready) {
            sb.append(",\"draining\":true");
        }
        sb.append(",\"checks\":{").append(results).append("}}");
        return answer(up, sb.toString());
    }

    private static Response answer(boolean up, String json) {
        return Response.status(up ? 200 : 503).header("Cache-Control", "no-store").json(json);
    }
}
