package dev.weft.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@code multipart/form-data} body (RFC 7578) read one part after another, as the parts
 * arrive: the body is never held in memory, only a buffer of 16 KiB (or the part header limit,
 * if larger). Get one with {@link Request#multipart()}.
 *
 * <pre>{@code
 * Multipart multipart = request.multipart();
 * for (MultipartPart part; (part = multipart.next()) != null; ) {
 *     if (part.filename() == null) {
 *         String value = part.text(1024);                 // a text field, 413 past 1 KiB
 *     } else {
 *         Path saved = part.saveTo(uploads);              // a new file, never named by the client
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #next()} skips whatever the handler left unread of the part before, so a handler
 * reads only what it wants. {@link #readForm()} does the whole loop for the common case: text
 * fields in a map, files in temporary files deleted when the form is closed.
 *
 * <p>What the client gets when the body is wrong, as {@link HttpException}s thrown by
 * {@link #next()} or by a part's stream (the router answers them; {@link MultipartLimits}
 * lists the limits):
 * <ul>
 *   <li>{@code 415}: the request is not {@code multipart/form-data};</li>
 *   <li>{@code 400}: no {@code boundary} parameter or an invalid one (RFC 2046: 1 to 70 of
 *       its characters, not ending in a space); a body that ends before its closing boundary
 *       ({@code --boundary--}); a part header section that is malformed, too large or has too
 *       many lines; a part without {@code Content-Disposition: form-data} and a {@code name};</li>
 *   <li>{@code 413}: too many parts, a part or the whole body too large.</li>
 * </ul>
 *
 * <p>How the body is split: a part ends at CRLF {@code --boundary} followed by optional spaces
 * and CRLF (another part follows) or by {@code --} (the last one). The boundary anywhere else
 * (not after CRLF, or followed by other characters) is data. The preamble before the first
 * boundary is ignored, and the epilogue after the last one is not read. The first failure
 * sticks: every later call throws it again.
 *
 * <p>Not thread-safe: one handler thread reads it.
 */
public final class Multipart {

    private static final int BUFFER_BYTES = 16 * 1024;
    /** Most spaces and tabs accepted between a boundary and its CRLF (RFC 2046 transport-padding). */
    private static final int MAX_PADDING = 64;
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final int NO = 0;
    private static final int NEED_MORE = 1;
    private static final int NEXT = 2;
    private static final int CLOSE = 3;

    private final InputStream in;
    private final MultipartLimits limits;
    /** CRLF "--" boundary. */
    private final byte[] delimiter;
    private final byte[] buf;
    private int start;
    private int end;
    private boolean eof;
    private long total;
    /** Length of the delimiter line {@link #delimiterAt} last recognized. */
    private int delimiterLength;

    /** Whether the bytes at {@link #start} belong to the preamble or to the current part. */
    private boolean inData = true;
    /** The close delimiter was read. */
    private boolean done;
    private int parts;
    private MultipartPart current;
    private long partBytes;
    private Exception failure;

    Multipart(InputStream in, String boundary, MultipartLimits limits) {
        this.in = Objects.requireNonNull(in, "in");
        this.limits = Objects.requireNonNull(limits, "limits");
        validateBoundary(boundary);
        int length = boundary.length();
        delimiter = new byte[4 + length];
        delimiter[0] = CR;
        delimiter[1] = LF;
        delimiter[2] = '-';
        delimiter[3] = '-';
        for (int i = 0; i < length; i++) {
            delimiter[4 + i] = (byte) boundary.charAt(i);
        }
        buf = new byte[Math.max(BUFFER_BYTES, limits.maxPartHeaderBytes()) + delimiter.length + MAX_PADDING + 8];
        // A line break before the body, so that a body that starts with its first boundary (as
        // nearly all do) needs no case of its own: it is not counted in the total.
        buf[0] = CR;
        buf[1] = LF;
        end = 2;
    }

    /** Backs {@link Request#multipart(MultipartLimits)}: checks the type, the boundary and the declared length. */
    static Multipart of(Request request, MultipartLimits limits) {
        Objects.requireNonNull(limits, "limits");
        String boundary = boundary(request.header("Content-Type"));
        if (request.contentLength() > limits.maxTotalBytes()) {
            // Refuse before reading a byte: the client may still be waiting for 100 Continue.
            throw new PayloadTooLargeException(limits.maxTotalBytes());
        }
        return new Multipart(request.body(), boundary, limits);
    }

    /** The limits this body is read under. */
    public MultipartLimits limits() {
        return limits;
    }

    /**
     * The next part, or {@code null} after the last one. Whatever is left unread of the part
     * before is skipped first (and still counted against the limits); that part's stream
     * then ends, or fails if it had not been read to its end.
     *
     * @throws HttpException {@code 400} or {@code 413} as listed on the class
     * @throws IOException   if reading the body fails
     */
    public MultipartPart next() throws IOException {
        rethrowFailure();
        try {
            if (done) {
                current = null;
                return null;
            }
            // The rest of the preamble or of the current part.
            long skipped = skipData(Long.MAX_VALUE);
            if (current != null && skipped > 0) {
                current.truncated = true;
            }
            current = null;
            if (done) {
                return null;
            }
            if (parts == limits.maxParts()) {
                throw new HttpException(413, "multipart body has more than " + limits.maxParts() + " parts");
            }
            Headers headers = readPartHeaders();
            parts++;
            MultipartPart part = MultipartPart.of(this, parts, headers);
            current = part;
            partBytes = 0;
            inData = true;
            return part;
        } catch (IOException | RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * Reads the remaining parts into a {@link MultipartForm}: text fields (parts without a
     * filename) as UTF-8 strings of at most {@link MultipartLimits#maxFieldBytes()}, files
     * (parts with one) into new temporary files in the default temporary-file directory.
     * Close the form, in a {@code try} block, to delete them; see {@link #readForm(Path)}.
     *
     * @throws HttpException {@code 400} or {@code 413} as listed on the class; temporary files
     *                       already written are deleted first
     * @throws IOException   if reading the body or writing a file fails (files deleted too)
     */
    public MultipartForm readForm() throws IOException {
        return readForm(null);
    }

    /**
     * {@link #readForm()} with the temporary files in {@code directory} (or the default
     * temporary-file directory where it is {@code null}).
     *
     * <pre>{@code
     * try (MultipartForm form = request.multipart().readForm(uploads)) {
     *     String title = form.field("title").orElse("");
     *     UploadedFile photo = form.file("photo").orElseThrow(() -> new HttpException(400, "no photo"));
     *     Files.move(photo.path(), library.resolve(UUID.randomUUID() + ".jpg"));
     *     return Response.text("stored " + photo.size() + " bytes");
     * }   // deletes the temporary files that were not moved away
     * }</pre>
     *
     * <p>The files are deleted only by {@link MultipartForm#close()}: weft has no hook that runs
     * when a request ends, and a cleaner run by the garbage collector may run much later or
     * never. A file part sent with an empty filename and no content (what a browser sends for
     * a file input left empty) is left out.
     *
     * @param directory where the temporary files go; {@code null} for the default
     * @throws HttpException {@code 400} or {@code 413} as listed on the class; temporary files
     *                       already written are deleted first
     * @throws IOException   if reading the body or writing a file fails (files deleted too)
     */
    public MultipartForm readForm(Path directory) throws IOException {
        MultipartForm form = new MultipartForm();
        try {
            for (MultipartPart part = next(); part != null; part = next()) {
                if (part.filename() == null) {
                    form.addField(part.name(), part.text(limits.maxFieldBytes()));
                    continue;
                }
                Path file = directory == null ? Files.createTempFile("weft-upload-", ".part")
                        : Files.createTempFile(directory, "weft-upload-", ".part");
                form.track(file);
                long size;
                try (OutputStream out = Files.newOutputStream(file)) {
                    size = part.transferTo(out);
                }
                if (size == 0 && part.filename().isEmpty()) {
                    form.forget(file);
                    continue;
                }
                form.addFile(new UploadedFile(part.name(), part.filename(), part.contentType(), file, size));
            }
            return form;
        } catch (IOException | RuntimeException | Error e) {
            form.deleteAll(e);
            throw e;
        }
    }

    // ---- Parsing ----

    /**
     * The boundary of a {@code multipart/form-data} content type.
     *
     * @throws HttpException {@code 415} for another type, {@code 400} for a missing or invalid boundary
     */
    static String boundary(String contentType) {
        if (!RequestBodies.MediaType.is(contentType, "multipart/form-data")) {
            throw new HttpException(415, "expected Content-Type multipart/form-data");
        }
        String boundary = null;
        for (String[] parameter : Parameters.parse(contentType, contentType.indexOf(';'), "Content-Type")) {
            if (parameter[0].equalsIgnoreCase("boundary")) {
                if (boundary != null) {
                    throw new HttpException(400, "multipart/form-data with two boundary parameters");
                }
                boundary = parameter[1];
            }
        }
        if (boundary == null) {
            throw new HttpException(400, "multipart/form-data without a boundary parameter");
        }
        validateBoundary(boundary);
        return boundary;
    }

    private static void validateBoundary(String boundary) {
        int length = boundary.length();
        boolean valid = length >= 1 && length <= 70 && boundary.charAt(length - 1) != ' ';
        for (int i = 0; valid && i < length; i++) {
            char c = boundary.charAt(i);
            // RFC 2046 bchars: DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?" / " "
            valid = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || "'()+_,-./:=? ".indexOf(c) >= 0;
        }
        if (!valid) {
            throw new HttpException(400, "invalid multipart boundary: 1 to 70 letters, digits or '()+_,-./:=? (not ending in a space)");
        }
    }

    /** The part header section at {@link #start}, up to and including its blank line. */
    private Headers readPartHeaders() throws IOException {
        Headers headers = new Headers();
        int used = 0;
        int lines = 0;
        while (true) {
            int scanned = 0;
            int lf;
            while ((lf = indexOf(LF, start + scanned, end)) < 0) {
                scanned = end - start;
                if (used + scanned > limits.maxPartHeaderBytes()) {
                    throw headerTooLarge();
                }
                if (!fill()) {
                    throw endedEarly();
                }
            }
            int lineBytes = lf + 1 - start;
            used += lineBytes;
            if (used > limits.maxPartHeaderBytes()) {
                throw headerTooLarge();
            }
            if (lf == start || buf[lf - 1] != CR) {
                throw new HttpException(400, "multipart part header line does not end in CRLF");
            }
            if (lineBytes == 2) {
                start = lf + 1;
                return headers;
            }
            if (++lines > limits.maxPartHeaderCount()) {
                throw new HttpException(400, "multipart part has more than " + limits.maxPartHeaderCount() + " header lines");
            }
            String line = new String(buf, start, lineBytes - 2, java.nio.charset.StandardCharsets.ISO_8859_1);
            start = lf + 1;
            int colon = line.indexOf(':');
            if (colon <= 0 || !HttpChars.isToken(line.substring(0, colon))) {
                throw new HttpException(400, "malformed multipart part header line");
            }
            try {
                headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new HttpException(400, "invalid character in a multipart part header");
            }
        }
    }

    private HttpException headerTooLarge() {
        return new HttpException(400, "multipart part header section is larger than " + limits.maxPartHeaderBytes() + " bytes");
    }

    private static HttpException endedEarly() {
        return new HttpException(400, "multipart body ended before its closing boundary");
    }

    /**
     * How many bytes at {@link #start} are surely data of the current segment (the preamble or
     * a part), reading more when none is known yet; 0 when a delimiter line starts at
     * {@link #start}: it is then consumed, and the segment is over.
     */
    private int available() throws IOException {
        while (true) {
            int from = start;
            while (true) {
                int cr = indexOf(CR, from, end);
                if (cr < 0) {
                    if (end > start) {
                        return end - start;
                    }
                    break;
                }
                int verdict = delimiterAt(cr);
                if (verdict == NO) {
                    from = cr + 1;
                    continue;
                }
                if (cr > start) {
                    return cr - start;
                }
                if (verdict == NEED_MORE) {
                    break;
                }
                start += delimiterLength;
                inData = false;
                done = verdict == CLOSE;
                return 0;
            }
            if (!fill()) {
                throw endedEarly();
            }
        }
    }

    /**
     * Whether a delimiter line starts at {@code p} (where {@code buf[p]} is CR): {@link #NO},
     * {@link #NEXT} or {@link #CLOSE} (with {@link #delimiterLength} set), or
     * {@link #NEED_MORE} when the buffered bytes cannot tell yet.
     */
    private int delimiterAt(int p) {
        byte[] d = delimiter;
        int n = Math.min(d.length, end - p);
        for (int i = 1; i < n; i++) {
            if (buf[p + i] != d[i]) {
                return NO;
            }
        }
        if (n < d.length) {
            return NEED_MORE;
        }
        int q = p + d.length;
        if (q == end) {
            return NEED_MORE;
        }
        if (buf[q] == '-') {
            if (q + 1 == end) {
                return NEED_MORE;
            }
            if (buf[q + 1] == '-') {
                delimiterLength = d.length + 2;
                return CLOSE;
            }
            return NO;
        }
        int r = q;
        while (r < end && (buf[r] == ' ' || buf[r] == '\t')) {
            if (++r - q > MAX_PADDING) {
                return NO;
            }
        }
        if (r == end) {
            return NEED_MORE;
        }
        if (buf[r] != CR) {
            return NO;
        }
        if (r + 1 == end) {
            return NEED_MORE;
        }
        if (buf[r + 1] != LF) {
            return NO;
        }
        delimiterLength = r + 2 - p;
        return NEXT;
    }

    private static int indexOf(byte b, byte[] array, int from, int to) {
        for (int i = from; i < to; i++) {
            if (array[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(byte b, int from, int to) {
        return indexOf(b, buf, from, to);
    }

    /** Moves the unread bytes to the front and reads more after them; false at the end of the body. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
            return false;
        }
        total += n;
        if (total > limits.maxTotalBytes()) {
            throw new PayloadTooLargeException(limits.maxTotalBytes());
        }
        end += n;
        return true;
    }

    /** Counts {@code n} more bytes of the current part against its limit. */
    private void count(int n) {
        if (current != null) {
            partBytes += n;
            if (partBytes > limits.maxPartBytes()) {
                throw new HttpException(413, "multipart part " + parts + " is larger than " + limits.maxPartBytes() + " bytes");
            }
        }
    }

    private long skipData(long max) throws IOException {
        long skipped = 0;
        while (inData && skipped < max) {
            int n = (int) Math.min(available(), max - skipped);
            if (n == 0) {
                break;
            }
            count(n);
            start += n;
            skipped += n;
        }
        return skipped;
    }

    private void rethrowFailure() throws IOException {
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
    }

    // ---- What a part's stream calls ----

    /** Reads data of {@code part}; -1 at its end. */
    int read(MultipartPart part, byte[] b, int off, int len) throws IOException {
        if (part != current) {
            return stale(part);
        }
        rethrowFailure();
        try {
            if (!inData) {
                return -1;
            }
            int n = available();
            if (n == 0) {
                return -1;
            }
            n = Math.min(n, len);
            count(n);
            System.arraycopy(buf, start, b, off, n);
            start += n;
            return n;
        } catch (IOException | RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    /** Skips up to {@code n} bytes of {@code part}. */
    long skip(MultipartPart part, long n) throws IOException {
        if (part != current) {
            stale(part);
            return 0;
        }
        rethrowFailure();
        try {
            return skipData(n);
        } catch (IOException | RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    /** A read of a part that is no longer the current one: over, or cut short by next(). */
    private static int stale(MultipartPart part) throws IOException {
        if (part.truncated) {
            throw new IOException("the rest of multipart part " + part.index() + " was skipped: next() was called before it was read");
        }
        return -1;
    }
}
