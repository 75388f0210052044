package dev.weft.filters;

import dev.weft.http.Body;
import dev.weft.http.Filter;
import dev.weft.http.Gzip;
import dev.weft.http.Handler;
import dev.weft.http.QualityValues;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.StatusCodes;
import java.util.List;
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
                || StatusCodes.forbidsBody(response.status())
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
            byte[] compressed = Gzip.compress(bytes.bytes());
            if (compressed.length >= bytes.bytes().length) {
                return response; // incompressible after all: send it as it is
            }
            response.body(Body.of(compressed));
        } else {
            response.body(Body.streaming(out -> {
                // syncFlush: a flush by the body's writer (SSE-style) must push compressed bytes out too.
                GZIPOutputStream gzip = Gzip.stream(out, true);
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
     * Whether a body of this content type is worth compressing: the rule of
     * {@link Gzip#compressible}, which {@code StaticFiles} follows too. Text except event
     * streams (whose clients expect each event at once), JSON, XML, JavaScript, WebAssembly,
     * SVG and the uncompressed icon, BMP and TrueType/OpenType formats; not images, audio,
     * video or archives, which are compressed already.
     */
    public static boolean isCompressible(String contentType) {
        return Gzip.compressible(contentType);
    }
}
