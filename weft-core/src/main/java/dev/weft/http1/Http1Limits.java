package dev.weft.http1;

/**
 * The bounds the HTTP/1.1 codec enforces, each with the status a request that breaks it gets.
 *
 * @param maxRequestLineBytes longest request line, excluding CRLF ({@code 414}); default 8 KiB
 * @param maxHeaderBytes      largest header section, field lines and CRLFs included ({@code 431});
 *                            default 16 KiB. Also bounds the trailer section of a chunked body
 * @param maxHeaderCount      most field lines in the header section ({@code 431}); default 100
 * @param maxBodyBytes        largest request body a handler may read ({@code 413}); default 16 MiB
 * @param maxDrainBytes       most bytes of an unread body the server discards to keep the
 *                            connection alive; past that it closes instead. Default 64 KiB
 */
public record Http1Limits(
        int maxRequestLineBytes,
        int maxHeaderBytes,
        int maxHeaderCount,
        long maxBodyBytes,
        long maxDrainBytes) {

    /** The defaults listed on the record. */
    public static final Http1Limits DEFAULTS = new Http1Limits(8 * 1024, 16 * 1024, 100, 16L << 20, 64 * 1024);

    public Http1Limits {
        if (maxRequestLineBytes < 64 || maxHeaderBytes < 256 || maxHeaderCount < 1 || maxBodyBytes < 0 || maxDrainBytes < 0) {
            throw new IllegalArgumentException("HTTP/1.1 limits too small: " + this);
        }
    }

    /** A copy with another body limit. */
    public Http1Limits withMaxBodyBytes(long bytes) {
        return new Http1Limits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, bytes, maxDrainBytes);
    }

    /** The most bytes a request head (line, fields, blank line) can take. */
    public int maxHeadBytes() {
        return maxRequestLineBytes + 2 + maxHeaderBytes + 2;
    }
}
