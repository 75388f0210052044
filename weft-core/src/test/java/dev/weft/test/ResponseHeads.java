package dev.weft.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading a response head byte by byte off a raw socket, for tests that read the body themselves. */
public final class ResponseHeads {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)\r\n");

    private ResponseHeads() {
    }

    /** Reads up to and including the empty line that ends a head; the body stays unread. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in a response head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The Content-Length of {@code head}, or -1 if it has none. */
    public static int contentLength(String head) {
        Matcher m = CONTENT_LENGTH.matcher(head);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
