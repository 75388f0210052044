package dev.weft.files;

import dev.weft.http.HttpDates;
import dev.weft.http.Request;

/**
 * Conditional requests (RFC 9110, 13.2.2), evaluated in the RFC's order for a {@code GET} or
 * {@code HEAD} of a representation with the given validators.
 */
final class Preconditions {

    private Preconditions() {
    }

    /** {@code 412}, {@code 304}, or {@code 200} to go on and serve. */
    static int evaluate(Request request, String etag, long modifiedSeconds) {
        String ifMatch = request.header("If-Match");
        if (ifMatch != null) {
            if (!EntityTags.matchesStrong(ifMatch, etag)) {
                return 412;
            }
        } else {
            long since = HttpDates.parse(request.header("If-Unmodified-Since"));
            if (since != HttpDates.INVALID && modifiedSeconds > since) {
                return 412;
            }
        }
        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null) {
            if (EntityTags.matchesWeak(ifNoneMatch, etag)) {
                return 304;
            }
        } else {
            long since = HttpDates.parse(request.header("If-Modified-Since"));
            if (since != HttpDates.INVALID && modifiedSeconds <= since) {
                return 304;
            }
        }
        return 200;
    }

    /**
     * Whether a {@code Range} may be honoured given {@code If-Range}: yes without one; with an
     * entity tag, only if it is strong and equal to the current one; with a date, only if it is
     * exactly the current {@code Last-Modified}.
     */
    static boolean ifRangeAllows(String ifRange, String etag, String lastModified) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.strip();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return !etag.startsWith("W/") && v.equals(etag);
        }
        long date = HttpDates.parse(v);
        return date != HttpDates.INVALID && date == HttpDates.parse(lastModified);
    }
}
