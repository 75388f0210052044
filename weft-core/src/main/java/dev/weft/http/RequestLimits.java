package dev.weft.http;

/**
 * The bounds the server enforces on each request it reads, each with the status a request that
 * breaks it gets. Set them with {@code ServerConfig.Builder.limits} (or
 * {@code maxBodyBytes}); the protocol codec reads them.
 *
 * @param maxRequestLineBytes longest request line, excluding CRLF ({@code 414}); default 8 KiB
 * @param maxHeaderBytes      largest header section, field lines and CRLFs included ({@code 431});
 *                            default 16 KiB. Also bounds the trailer section of a chunked body
 * @param maxHeaderCount      most field lines in the header section ({@code 431}); default 100
 * @param maxBodyBytes        largest request body a handler may read ({@code 413}); default 16 MiB
 * @param maxDrainBytes       most bytes of an unread body the server discards to keep the
 *                            connection alive; past that it closes instead. Default 64 KiB
 */
public record RequestLimits(
        int maxRequestLineBytes,
        int maxHeaderBytes,
        int maxHeaderCount,
        long maxBodyBytes,
        long maxDrainBytes) {

    /** The defaults listed on the record. */
    public static final RequestLimits DEFAULTS = new RequestLimits(8 * 1024, 16 * 1024, 100, 16L << 20, 64 * 1024);

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException if a bound is below its minimum: a 64-byte request line,
     *                                  a 256-byte header section, one field line, or a negative
     *                                  body or drain limit
     */
    public RequestLimits {
        if (maxRequestLineBytes < 64 || maxHeaderBytes < 256 || maxHeaderCount < 1 || maxBodyBytes < 0 || maxDrainBytes < 0) {
            throw new IllegalArgumentException("request limits too small: " + this);
        }
    }

    /**
     * A copy with another body limit.
     *
     * @param bytes the new {@link #maxBodyBytes()}
     * @return the copy
     */
    public RequestLimits withMaxBodyBytes(long bytes) {
        return new RequestLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, bytes, maxDrainBytes);
    }

    /**
     * The most bytes a request head (line, fields, blank line) can take.
     *
     * @return {@code maxRequestLineBytes + maxHeaderBytes} plus their line ends
     */
    public int maxHeadBytes() {
        return maxRequestLineBytes + 2 + maxHeaderBytes + 2;
    }
}
