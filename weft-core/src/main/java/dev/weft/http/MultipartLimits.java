package dev.weft.http;

/**
 * The bounds {@link Request#multipart(MultipartLimits)} enforces while it reads a
 * {@code multipart/form-data} body, each with the status a body that breaks it gets. They come
 * on top of the server's own {@link RequestLimits#maxBodyBytes()}, which bounds the whole body
 * anyway ({@code 413}, 16 MiB by default).
 *
 * <p>A limit on sizes is answered with {@code 413}; a part header section that is too large
 * or has too many lines is answered with {@code 400}, like any other malformed part header
 * (not {@code 431}, which names the request's own header section, and would send a client
 * looking for an oversized cookie).
 *
 * @param maxParts           most parts in the body ({@code 413}); default 1,000
 * @param maxPartHeaderBytes largest header section of one part, field lines, CRLFs and the
 *                           blank line included ({@code 400}); default 16 KiB, at most 1 MiB
 * @param maxPartHeaderCount most field lines in the header section of one part ({@code 400});
 *                           default 16
 * @param maxPartBytes       largest content of one part ({@code 413}), counted whether the
 *                           handler reads the part or skips it; default unlimited, so that
 *                           the total and the server's body limit decide
 * @param maxTotalBytes      largest multipart body, preamble and part headers included
 *                           ({@code 413}, before reading when {@code Content-Length} says so);
 *                           default unlimited, so that the server's body limit decides
 * @param maxFieldBytes      largest text field that {@link Multipart#readForm()} keeps in
 *                           memory ({@code 413}); default 64 KiB. Parts read one by one with
 *                           {@link Multipart#next()} are not bound by it: their reader chooses
 */
public record MultipartLimits(
        int maxParts,
        int maxPartHeaderBytes,
        int maxPartHeaderCount,
        long maxPartBytes,
        long maxTotalBytes,
        int maxFieldBytes) {

    /** The defaults listed on the record. */
    public static final MultipartLimits DEFAULTS =
            new MultipartLimits(1000, 16 * 1024, 16, Long.MAX_VALUE, Long.MAX_VALUE, 64 * 1024);

    /** The largest {@link #maxPartHeaderBytes()} allowed: the reader keeps a whole header line in its buffer. */
    public static final int MAX_PART_HEADER_BYTES = 1 << 20;

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException if a bound is out of range: at least one part, a
     *                                  256-byte part header section (at most
     *                                  {@link #MAX_PART_HEADER_BYTES}), one header line, and
     *                                  no negative size
     */
    public MultipartLimits {
        if (maxParts < 1 || maxPartHeaderBytes < 256 || maxPartHeaderBytes > MAX_PART_HEADER_BYTES
                || maxPartHeaderCount < 1 || maxPartBytes < 0 || maxTotalBytes < 0 || maxFieldBytes < 0) {
            throw new IllegalArgumentException("multipart limits out of range: " + this);
        }
    }

    /**
     * A copy with another part count limit.
     *
     * @param parts the new {@link #maxParts()}
     * @return the copy
     */
    public MultipartLimits withMaxParts(int parts) {
        return new MultipartLimits(parts, maxPartHeaderBytes, maxPartHeaderCount, maxPartBytes, maxTotalBytes, maxFieldBytes);
    }

    /**
     * A copy with another part header section limit.
     *
     * @param bytes the new {@link #maxPartHeaderBytes()}
     * @return the copy
     */
    public MultipartLimits withMaxPartHeaderBytes(int bytes) {
        return new MultipartLimits(maxParts, bytes, maxPartHeaderCount, maxPartBytes, maxTotalBytes, maxFieldBytes);
    }

    /**
     * A copy with another limit on the size of each part.
     *
     * @param bytes the new {@link #maxPartBytes()}
     * @return the copy
     */
    public MultipartLimits withMaxPartBytes(long bytes) {
        return new MultipartLimits(maxParts, maxPartHeaderBytes, maxPartHeaderCount, bytes, maxTotalBytes, maxFieldBytes);
    }

    /**
     * A copy with another limit on the whole body.
     *
     * @param bytes the new {@link #maxTotalBytes()}
     * @return the copy
     */
    public MultipartLimits withMaxTotalBytes(long bytes) {
        return new MultipartLimits(maxParts, maxPartHeaderBytes, maxPartHeaderCount, maxPartBytes, bytes, maxFieldBytes);
    }

    /**
     * A copy with another limit on the text fields {@link Multipart#readForm()} keeps.
     *
     * @param bytes the new {@link #maxFieldBytes()}
     * @return the copy
     */
    public MultipartLimits withMaxFieldBytes(int bytes) {
        return new MultipartLimits(maxParts, maxPartHeaderBytes, maxPartHeaderCount, maxPartBytes, maxTotalBytes, bytes);
    }
}
