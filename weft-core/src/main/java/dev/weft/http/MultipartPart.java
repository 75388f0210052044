package dev.weft.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One part of a {@code multipart/form-data} body, as {@link Multipart#next()} returns it: its
 * field name, the filename the client sent (if any), its header fields, and its content as a
 * stream read straight from the request body.
 *
 * <p>The content can be read once, and only until {@link Multipart#next()} is called: that
 * skips whatever is left of it. {@link #text}, {@link #bytes}, {@link #transferTo} and
 * {@link #saveTo} read it from where the stream stands.
 *
 * <p><b>The filename is the client's.</b> {@link #filename()} is what the client sent, for
 * display only: it may hold {@code ../}, an absolute path, a Windows drive, control or
 * bidirectional-override characters, or the name of a file the application already has.
 * Never build a path from it; {@link #saveTo} names its files itself, and
 * {@link #safeFilename()} offers a cleaned-up name for the rare case where a name must be
 * derived from it.
 */
public final class MultipartPart {

    private final Multipart multipart;
    private final int index;
    private final Headers headers;
    private final String name;
    private final String filename;
    private final InputStream body;
    /** Set by {@link Multipart#next()} when it skipped unread content of this part. */
    boolean truncated;

    private MultipartPart(Multipart multipart, int index, Headers headers, String name, String filename) {
        this.multipart = multipart;
        this.index = index;
        this.headers = headers;
        this.name = name;
        this.filename = filename;
        this.body = new PartStream();
    }

    /**
     * A part with {@code headers}: reads its {@code Content-Disposition} (RFC 7578 4.2).
     *
     * @throws HttpException {@code 400} if it has none, another disposition type, no
     *                       {@code name}, or a parameter twice
     */
    static MultipartPart of(Multipart multipart, int index, Headers headers) {
        if (headers.count("Content-Disposition") != 1) {
            throw new HttpException(400, "multipart part " + index + " needs one Content-Disposition: form-data field");
        }
        String disposition = headers.first("Content-Disposition");
        int semicolon = disposition.indexOf(';');
        String type = (semicolon < 0 ? disposition : disposition.substring(0, semicolon)).strip();
        if (!type.equalsIgnoreCase("form-data")) {
            throw new HttpException(400, "multipart part " + index + " is not Content-Disposition: form-data");
        }
        String name = null;
        String filename = null;
        String extendedFilename = null;
        Set<String> seen = new java.util.HashSet<>();
        for (String[] parameter : Parameters.parse(disposition, semicolon, "Content-Disposition")) {
            String key = parameter[0].toLowerCase(Locale.ROOT);
            if (!seen.add(key)) {
                throw new HttpException(400, "multipart part " + index + " has two " + key + " parameters");
            }
            switch (key) {
                case "name" -> name = utf8(parameter[1]);
                case "filename" -> filename = utf8(parameter[1]);
                case "filename*" -> extendedFilename = extendedValue(parameter[1]);
                default -> {
                    // other parameters are ignored (RFC 7578 4.2)
                }
            }
        }
        if (name == null) {
            throw new HttpException(400, "multipart part " + index + " has no name");
        }
        return new MultipartPart(multipart, index, headers, name,
                extendedFilename != null ? extendedFilename : filename);
    }

    /** The part's position in the body, from 1. */
    public int index() {
        return index;
    }

    /**
     * The field name, from {@code Content-Disposition}'s {@code name} parameter, decoded as
     * UTF-8 (as browsers send it; bytes that are not UTF-8 are taken as ISO-8859-1).
     */
    public String name() {
        return name;
    }

    /**
     * The filename as the client sent it ({@code filename*=UTF-8''...} if present, else
     * {@code filename}, decoded as UTF-8), or {@code null} for a part without one: a text
     * field. For display and logs only, never as a path: see the class documentation. Empty
     * for a browser's file input that was left empty. Browsers send {@code "} and line breaks
     * as {@code %22}, {@code %0D} and {@code %0A}; they are left as sent.
     */
    public String filename() {
        return filename;
    }

    /**
     * {@link #filename()} cleaned up into one harmless path segment, or {@code null} when
     * there is no filename: see {@link UploadedFile#safeFilename(String)}.
     */
    public String safeFilename() {
        return UploadedFile.safeFilename(filename);
    }

    /**
     * The part's {@code Content-Type}, or {@code text/plain}, which RFC 7578 4.4 says a part
     * without one has.
     */
    public String contentType() {
        String type = headers.first("Content-Type");
        return type == null ? "text/plain" : type;
    }

    /**
     * The part's header fields, in order; lookups ignore case. Values hold one character per
     * byte as sent (ISO-8859-1), as the request's own headers do; {@link #name()} and
     * {@link #filename()} are decoded.
     */
    public Headers headers() {
        return headers;
    }

    /**
     * The content, streamed from the request body: it ends at the part's boundary. Reading it
     * can throw the {@link HttpException}s listed on {@link Multipart} (a part over its limit
     * is {@code 413}). Once {@link Multipart#next()} has been called it ends, or fails with an
     * {@link IOException} if content was left unread and so skipped. Closing it does nothing.
     */
    public InputStream body() {
        return body;
    }

    /**
     * The rest of the content as bytes.
     *
     * @param maxBytes the most the caller accepts; more is answered with {@code 413}
     */
    public byte[] bytes(int maxBytes) throws IOException {
        if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be between 0 and 2^31 - 9, got " + maxBytes);
        }
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new HttpException(413, "multipart part " + index + " is larger than " + maxBytes + " bytes");
        }
        return bytes;
    }

    /**
     * The rest of the content as UTF-8 text; invalid UTF-8 is answered with {@code 400}.
     *
     * @param maxBytes the most the caller accepts; more is answered with {@code 413}
     */
    public String text(int maxBytes) throws IOException {
        byte[] bytes = bytes(maxBytes);
        try {
            return HttpChars.strictUtf8(bytes, 0, bytes.length);
        } catch (CharacterCodingException e) {
            throw new HttpException(400, "multipart part " + index + " is not valid UTF-8");
        }
    }

    /**
     * Copies the rest of the content to {@code out}, through a buffer of its own, and returns
     * how many bytes that was. {@code out} is neither flushed nor closed.
     */
    public long transferTo(OutputStream out) throws IOException {
        return body.transferTo(out);
    }

    /**
     * Writes the rest of the content to a new file in {@code directory} and returns it. The
     * file's name is made up here ({@code weft-upload-*.part}, like a temporary file, with
     * owner-only permissions where the file system has them), never taken from the client's
     * filename. The caller owns the file: move it, or delete it. If reading or writing fails,
     * the file is deleted before the failure is thrown.
     */
    public Path saveTo(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Path file = Files.createTempFile(directory, "weft-upload-", ".part");
        try (OutputStream out = Files.newOutputStream(file)) {
            transferTo(out);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return file;
    }

    @Override
    public String toString() {
        return "MultipartPart[" + index + ", name=" + name + (filename == null ? "" : ", filename=" + filename) + "]";
    }

    /** Header bytes (one char each) decoded as UTF-8, or kept as ISO-8859-1 where they are not UTF-8. */
    private static String utf8(String latin1) {
        byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
        try {
            return HttpChars.strictUtf8(bytes, 0, bytes.length);
        } catch (CharacterCodingException e) {
            return latin1;
        }
    }

    /**
     * An RFC 8187 (formerly 5987) {@code ext-value} in UTF-8, {@code UTF-8'lang'pct-encoded};
     * {@code null} for another charset or a malformed one, so that {@code filename} is used.
     */
    private static String extendedValue(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0 || !value.substring(0, first).equalsIgnoreCase("UTF-8")) {
            return null;
        }
        try {
            return QueryString.decodePath(value.substring(second + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The part's content: reads go through the {@link Multipart}, which knows where the part ends. */
    private final class PartStream extends InputStream {

        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            return multipart.read(MultipartPart.this, b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            return n <= 0 ? 0 : multipart.skip(MultipartPart.this, n);
        }
    }
}
