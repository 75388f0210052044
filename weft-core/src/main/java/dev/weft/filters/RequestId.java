package dev.weft.filters;

/**
 * The id of one request, set by {@link RequestIdFilter}: read it with
 * {@code request.require(RequestId.class)} to put it in log lines or error reports.
 *
 * @param value the id, as sent in the {@code X-Request-Id} header
 */
public record RequestId(String value) {
}
