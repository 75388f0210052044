package dev.weft.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A file part of a {@code multipart/form-data} body that {@link Multipart#readForm()} wrote to
 * a temporary file. The file belongs to the {@link MultipartForm} it came in, which deletes it
 * when closed: move it elsewhere to keep it.
 *
 * @param name        the form field's name
 * @param filename    the filename the client sent, for display only, never as a path (see
 *                    {@link MultipartPart}); may be empty
 * @param contentType the part's {@code Content-Type} ({@code text/plain} when it had none)
 * @param path        the temporary file, named by the server
 * @param size        the file's size in bytes
 */
public record UploadedFile(String name, String filename, String contentType, Path path, long size) {

    private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");
    /** The most UTF-8 bytes {@link #safeFilename(String)} keeps: under every common file system's 255. */
    private static final int MAX_SAFE_BYTES = 200;

    /**
     * Checks that nothing is missing.
     *
     * @throws NullPointerException if a component is {@code null}
     */
    public UploadedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(path, "path");
    }

    /** {@link #filename()} cleaned up by {@link #safeFilename(String)}. */
    public String safeFilename() {
        return safeFilename(filename);
    }

    /**
     * A client's filename cleaned up into one harmless file name, or {@code null} for
     * {@code null}: only what follows the last {@code /} or {@code \}; without control,
     * format (such as bidirectional overrides) and unassigned characters; with
     * {@code : * ? " < > |} replaced by {@code _}; without leading dots and spaces (so never
     * {@code .}, {@code ..} or a hidden file) and trailing ones; a Windows device name such as
     * {@code CON} prefixed with {@code _}; cut to 200 UTF-8 bytes; {@code upload} if nothing is
     * left. It is still the client's choice: it may name a file that exists, so prefer names of
     * your own, and resolve it against a directory only after checking the result stays there.
     */
    public static String safeFilename(String filename) {
        if (filename == null) {
            return null;
        }
        String last = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        StringBuilder sb = new StringBuilder(last.length());
        int bytes = 0;
        for (int i = 0; i < last.length(); ) {
            int c = last.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.SURROGATE || type == Character.PRIVATE_USE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                continue;
            }
            if (":*?\"<>|".indexOf(c) >= 0) {
                c = '_';
            }
            if (sb.isEmpty() && (c == '.' || Character.isWhitespace(c) || Character.isSpaceChar(c))) {
                continue;
            }
            int length = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + length > MAX_SAFE_BYTES) {
                break;
            }
            bytes += length;
            sb.appendCodePoint(c);
        }
        int keep = sb.length();
        while (keep > 0 && (sb.charAt(keep - 1) == '.' || Character.isWhitespace(sb.charAt(keep - 1))
                || Character.isSpaceChar(sb.charAt(keep - 1)))) {
            keep--;
        }
        sb.setLength(keep);
        if (sb.isEmpty()) {
            return "upload";
        }
        String safe = sb.toString();
        int dot = safe.indexOf('.');
        String base = (dot < 0 ? safe : safe.substring(0, dot)).toUpperCase(Locale.ROOT);
        return WINDOWS_DEVICES.contains(base) ? "_" + safe : safe;
    }
}
