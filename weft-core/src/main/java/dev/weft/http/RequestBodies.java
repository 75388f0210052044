package dev.weft.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading whole request bodies within a limit; backs the body methods of {@link Request}. */
final class RequestBodies {

    private RequestBodies() {
    }

    static byte[] readBytes(Request request, long maxBytes) throws IOException {
        if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be between 0 and 2^31 - 9, got " + maxBytes);
        }
        long declared = request.contentLength();
        if (declared > maxBytes) {
            // Refuse before reading a byte: the client may still be waiting for 100 Continue.
            throw new PayloadTooLargeException(maxBytes);
        }
        InputStream in = request.body();
        // Read one byte more than allowed: that is how a chunked body too large is noticed.
        byte[] bytes = in.readNBytes((int) maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
        return bytes;
    }

    static String readString(Request request, long maxBytes) throws IOException {
        byte[] bytes = readBytes(request, maxBytes);
        try {
            return HttpChars.strictUtf8(bytes, 0, bytes.length);
        } catch (CharacterCodingException e) {
            throw new HttpException(400, "request body is not valid UTF-8");
        }
    }

    static Map<String, List<String>> readForm(Request request, long maxBytes) throws IOException {
        if (!MediaType.is(request.header("Content-Type"), "application/x-www-form-urlencoded")) {
            throw new HttpException(415, "expected Content-Type application/x-www-form-urlencoded");
        }
        String text = readString(request, maxBytes);
        try {
            return QueryString.parse(text);
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, "malformed form body: " + e.getMessage());
        }
    }

    /** Media type checks that ignore parameters and case. */
    static final class MediaType {
        private MediaType() {
        }

        static boolean is(String contentType, String expected) {
            if (contentType == null) {
                return false;
            }
            int semicolon = contentType.indexOf(';');
            String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
            return bare.toLowerCase(Locale.ROOT).equals(expected);
        }
    }
}
