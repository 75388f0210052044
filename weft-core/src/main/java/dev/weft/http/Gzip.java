package dev.weft.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for response bodies: which content types are worth compressing, and the compressing.
 * The one rule and the one compressor of {@code CompressionFilter} and {@code StaticFiles}.
 */
public final class Gzip {

    /** The compressor's buffer: a flush or a full buffer sends compressed bytes on. */
    private static final int BUFFER_BYTES = 8192;

    private Gzip() {
    }

    /**
     * Whether gzip is likely to shrink a body of {@code contentType} (parameters and case
     * ignored; {@code null} is no). Yes for {@code text/*}, except {@code text/event-stream}:
     * its clients expect each event as it is sent, and compression (even one that flushes per
     * event) delays or buffers them on the way through proxies; for JSON, XML, JavaScript and
     * WebAssembly, and any {@code +json} or {@code +xml} type such as SVG; and for the
     * uncompressed binary formats icon, BMP, TrueType and OpenType. No for everything else:
     * images, audio, video, {@code woff}/{@code woff2} fonts and archives are compressed
     * already.
     */
    public static boolean compressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        if (type.startsWith("text/")) {
            return !type.equals("text/event-stream");
        }
        return type.endsWith("+json") || type.endsWith("+xml")
                || switch (type) {
                    case "application/json", "application/xml", "application/javascript", "application/wasm",
                         "image/vnd.microsoft.icon", "image/x-icon", "image/bmp", "font/ttf", "font/otf" -> true;
                    default -> false;
                };
    }

    /** {@code bytes} gzipped, in memory. */
    public static byte[] compress(byte[] bytes) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer, BUFFER_BYTES)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return buffer.toByteArray();
    }

    /**
     * A gzip stream onto {@code out}. With {@code syncFlush}, each {@code flush()} pushes all
     * that was written so far through to {@code out} (at a few bytes' cost), so a streamed body
     * that flushes still reaches the client as it goes. {@code finish()} ends the gzip member
     * and leaves {@code out} open; {@code close()} closes {@code out} too.
     */
    public static GZIPOutputStream stream(OutputStream out, boolean syncFlush) throws IOException {
        return new GZIPOutputStream(out, BUFFER_BYTES, syncFlush);
    }
}
