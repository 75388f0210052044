/**
 * Filters that most services want, each a {@link dev.weft.http.Filter}.
 *
 * <ul>
 *   <li>{@link dev.weft.filters.RequestIdFilter}: an id per request, echoed in {@code X-Request-Id};</li>
 *   <li>{@link dev.weft.filters.AccessLogFilter}: one timed record per request;</li>
 *   <li>{@link dev.weft.filters.CorsFilter}: cross-origin access, preflights answered;</li>
 *   <li>{@link dev.weft.filters.CompressionFilter}: gzip for text-like bodies;</li>
 *   <li>{@link dev.weft.filters.BodyLimitFilter}: a smaller body limit for some routes;</li>
 *   <li>{@link dev.weft.filters.TimeoutFilter}: a deadline, {@code 503} and an interrupt after it;</li>
 *   <li>{@link dev.weft.filters.BasicAuthFilter}: HTTP Basic authentication against SHA-256 digests;</li>
 *   <li>{@link dev.weft.filters.ResponseHeadersFilter}: fixed header fields on every response.</li>
 * </ul>
 *
 * <p><b>Order.</b> Filters added to a router run in the order added, the first outermost.
 * A sensible order for a router's filters is
 * <pre>{@code
 * router.filter(new RequestIdFilter())      // first: everything after can log the id
 *       .filter(new AccessLogFilter())      // times all that follows, sees the final status
 *       .filter(corsFilter)                 // answers preflights before any work is done
 *       .filter(new CompressionFilter())    // compresses what the handler produced
 *       .filter(TimeoutFilter.of(...));     // innermost: the deadline covers the handler only
 * }</pre>
 * Per-route filters wrap a single handler and so run inside all of the router's:
 * {@code router.post("/upload", BodyLimitFilter.of(10 << 20).wrap(upload))}.
 */
package dev.weft.filters;
