package dev.weft.filters;

import dev.weft.http.Filter;
import dev.weft.http.Handler;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-Origin Resource Sharing: lets pages from other origins call this server.
 *
 * <pre>{@code
 * router.filter(CorsFilter.builder()
 *         .allowOrigins("https://app.example")
 *         .allowMethods("GET", "POST", "DELETE")
 *         .allowHeaders("Content-Type", "Authorization")
 *         .maxAge(Duration.ofMinutes(10))
 *         .build());
 * }</pre>
 *
 * <p>A preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) is answered here and never reaches a handler:
 * {@code 204} with the allow headers when origin, method and headers are allowed,
 * {@code 403} otherwise. Other requests from an allowed origin get
 * {@code Access-Control-Allow-Origin} (and the credentials and expose headers) added to
 * their response; requests from other origins pass unchanged, so the browser keeps the
 * response from the page. Responses always carry {@code Vary: Origin} when they depend on it.
 * Put it early (outermost) so that preflights are answered before other filters run.
 */
public final class CorsFilter implements Filter {

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final Set<String> methods;
    private final Set<String> headers;
    private final boolean anyHeader;
    private final List<String> exposed;
    private final boolean credentials;
    private final Duration maxAge;

    private CorsFilter(Builder b) {
        this.origins = Set.copyOf(b.origins);
        this.anyOrigin = b.origins.contains("*");
        this.methods = new LinkedHashSet<>(b.methods);
        this.anyHeader = b.headers.contains("*");
        Set<String> lower = new LinkedHashSet<>();
        for (String h : b.headers) {
            lower.add(h.toLowerCase(Locale.ROOT));
        }
        this.headers = lower;
        this.exposed = List.copyOf(b.exposed);
        this.credentials = b.credentials;
        this.maxAge = b.maxAge;
        if (anyOrigin && credentials) {
            // Browsers reject "*" with credentials; echoing any origin with credentials would
            // let every site act as the user. Refuse the combination outright.
            throw new IllegalStateException("CORS: allowCredentials cannot be combined with any origin (\"*\")");
        }
    }

    /** A builder; by default no origin is allowed and methods are GET, HEAD and POST. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Response filter(Request request, Handler next) throws Exception {
        String origin = request.header("Origin");
        if (origin == null) {
            Response response = next.handle(request);
            if (!anyOrigin) {
                // The answer would differ with an Origin: a shared cache must not reuse this one for CORS.
                response.addHeader("Vary", "Origin");
            }
            return response;
        }
        String requestedMethod = request.header("Access-Control-Request-Method");
        if (request.method().equals("OPTIONS") && requestedMethod != null) {
            return preflight(request, origin, requestedMethod);
        }
        Response response = next.handle(request);
        if (!anyOrigin) {
            response.addHeader("Vary", "Origin");
        }
        if (allowed(origin)) {
            response.header("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
            if (credentials) {
                response.header("Access-Control-Allow-Credentials", "true");
            }
            if (!exposed.isEmpty()) {
                response.header("Access-Control-Expose-Headers", String.join(", ", exposed));
            }
        }
        return response;
    }

    private Response preflight(Request request, String origin, String method) {
        Response response = Response.status(204)
                .header("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        if (!allowed(origin) || !methods.contains(method)) {
            return response.withStatus(403);
        }
        List<String> requestedHeaders = new ArrayList<>();
        for (String value : request.headers().all("Access-Control-Request-Headers")) {
            for (String h : value.split(",")) {
                if (!h.isBlank()) {
                    requestedHeaders.add(h.trim());
                }
            }
        }
        if (!anyHeader) {
            for (String h : requestedHeaders) {
                if (!headers.contains(h.toLowerCase(Locale.ROOT))) {
                    return response.withStatus(403);
                }
            }
        }
        response.header("Access-Control-Allow-Origin", anyOrigin ? "*" : origin)
                .header("Access-Control-Allow-Methods", String.join(", ", methods));
        if (!requestedHeaders.isEmpty()) {
            response.header("Access-Control-Allow-Headers", String.join(", ", requestedHeaders));
        }
        if (credentials) {
            response.header("Access-Control-Allow-Credentials", "true");
        }
        if (maxAge != null) {
            response.header("Access-Control-Max-Age", Long.toString(maxAge.toSeconds()));
        }
        return response;
    }

    private boolean allowed(String origin) {
        return anyOrigin || origins.contains(origin);
    }

    /** Configures a {@link CorsFilter}. */
    public static final class Builder {
        private final Set<String> origins = new LinkedHashSet<>();
        private final Set<String> methods = new LinkedHashSet<>(List.of("GET", "HEAD", "POST"));
        private final Set<String> headers = new LinkedHashSet<>();
        private final List<String> exposed = new ArrayList<>();
        private boolean credentials;
        private Duration maxAge;

        private Builder() {
        }

        /** Origins allowed, exactly as browsers send them ({@code https://app.example:8443}); {@code "*"} for any. */
        public Builder allowOrigins(String... origins) {
            this.origins.addAll(List.of(origins));
            return this;
        }

        /** Methods allowed in cross-origin requests (replaces the default GET, HEAD, POST). */
        public Builder allowMethods(String... methods) {
            this.methods.clear();
            this.methods.addAll(List.of(methods));
            return this;
        }

        /** Request headers allowed beyond the CORS-safelisted ones; {@code "*"} for any. */
        public Builder allowHeaders(String... headers) {
            this.headers.addAll(List.of(headers));
            return this;
        }

        /** Response headers that scripts may read. */
        public Builder exposeHeaders(String... headers) {
            this.exposed.addAll(List.of(headers));
            return this;
        }

        /** Allows cookies and HTTP authentication in cross-origin requests. */
        public Builder allowCredentials(boolean allow) {
            this.credentials = allow;
            return this;
        }

        /** How long browsers may cache a preflight answer. */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /** The filter. */
        public CorsFilter build() {
            return new CorsFilter(this);
        }
    }
}
