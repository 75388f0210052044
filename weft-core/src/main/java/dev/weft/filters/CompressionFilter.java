package dev.weft.filters;

import dev.weft.http.Body;
import dev.weft.http.Filter;
import dev.weft.http.Handler;
import dev.weft.http.QualityValues;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses response bodies with gzip when that helps and the client accepts it.
 *
 * <p>A response is compressed when all of these hold: the client's {@code Accept-Encoding}
 * allows {@code gzip}; the content type is text-like (see {@link #isCompressible}); the body
 * is at least {@link #minBytes} long or of unknown length; and the response is not already
 * encoded, not a range ({@code 206} or {@code Content-Range}), and not marked
 * {@code Cache-Control: no-transform}. Compressible responses get
 * {@code Vary: Accept-Encoding} whether compressed or not, so caches keep both forms apart,
 * and a strong {@code ETag} is weakened, since the bytes differ from the uncompressed ones.
 *
 * <p>In-memory bodies are compressed at once (the response keeps a {@code Content-Length});
 * streams and streamed bodies are compressed as they are written, and every flush of a
 * streamed body still reaches the client.
 */
public final class CompressionFilter implements Filter {

    /** The default {@link #minBytes}: below about one packet, gzip's 18-byte frame and CPU cost win nothing. */
    public static final int DEFAULT_MIN_BYTES = 1024;

    private final int minBytes;

    /** Compresses bodies of at least {@link #DEFAULT_MIN_BYTES}. */
    public CompressionFilter() {
        this(DEFAULT_MIN_BYTES);
    }

    /** Compresses bodies of at least {@code minBytes} (and bodies of unknown length). */
    public CompressionFilter(int minBytes) {
        if (minBytes < 0) {
            throw new IllegalArgumentException("minBytes must be >= 0");
        }
        this.minBytes = minBytes;
    }

    /** The smallest body length that is compressed. */
    public int minBytes() {
        return minBytes;
    }

    @Override
    public Response filter(Request request, Handler next) throws Exception {
        Response response = next.handle(request);
        if (!isCompressible(response.headers().first("Content-Type"))
                || Status.forbidsBody(response.status())
                || response.status() == 206
                || response.headers().contains("Content-Range")
                || response.headers().contains("Content-Encoding")
                || response.headers().containsToken("Cache-Control", "no-transform")) {
            return response;
        }
        addVary(response);
        Body body = response.body();
        long length = body.length();
        if (!acceptsGzip(request) || (length >= 0 && length < minBytes)) {
            return response;
        }
        if (body instanceof Body.Bytes bytes) {
            byte[] compressed = gzip(bytes.bytes());
            if (compressed.length >= bytes.bytes().length) {
                return response; // incompressible after all: send it as it is
            }
            response.body(Body.of(compressed));
        } else {
            response.body(Body.streaming(out -> {
                // syncFlush: a flush by the body's writer (SSE-style) must push compressed bytes out too.
                GZIPOutputStream gzip = new GZIPOutputStream(out, 8192, true);
                body.writeTo(gzip);
                gzip.finish();
            }));
        }
        response.header("Content-Encoding", "gzip");
        String etag = response.headers().first("ETag");
        if (etag != null && etag.startsWith("\"")) {
            response.header("ETag", "W/" + etag);
        }
        return response;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length / 3 + 32);
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
            gzip.write(bytes);
        }
        return buffer.toByteArray();
    }

    private static void addVary(Response response) {
        if (!response.headers().containsToken("Vary", "Accept-Encoding") && !response.headers().containsToken("Vary", "*")) {
            response.addHeader("Vary", "Accept-Encoding");
        }
    }

    /**
     * Whether {@code Accept-Encoding} allows gzip: {@code gzip} (or {@code x-gzip}, or
     * {@code *}) with a quality above zero, and gzip not refused by name with {@code q=0}.
     */
    static boolean acceptsGzip(Request request) {
        List<String> values = request.headers().all("Accept-Encoding");
        double gzip = QualityValues.highest(values, name -> name.equals("gzip") || name.equals("x-gzip"));
        double any = QualityValues.highest(values, "*"::equals);
        return gzip > 0 || (gzip < 0 && any > 0);
    }

    /**
     * Whether a body of this content type is worth compressing: {@code text/*} except event
     * streams (whose clients expect each event at once, uncompressed), and JSON, XML,
     * JavaScript and SVG. Images, audio, video and archives are compressed already.
     */
    public static boolean isCompressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        if (type.equals("text/event-stream")) {
            return false;
        }
        return type.startsWith("text/")
                || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml")
                || type.equals("application/javascript")
                || type.equals("application/wasm");
    }
}
