package dev.weft.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deliberately dumb HTTP/1.1 client for socket-level tests: sends exactly the bytes it is
 * given and parses what comes back by the book, so tests see the wire, not a library's view.
 */
final class RawClient implements AutoCloseable {

    /** One parsed response. Header names are lower-cased. */
    record Reply(int status, String statusLine, List<String[]> headers, byte[] body) {
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equals(name.toLowerCase(Locale.ROOT))) {
                    return h[1];
                }
            }
            return null;
        }

        int count(String name) {
            int n = 0;
            for (String[] h : headers) {
                if (h[0].equals(name.toLowerCase(Locale.ROOT))) {
                    n++;
                }
            }
            return n;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawClient send(String s) throws IOException {
        return send(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    int localPort() { return socket.getLocalPort(); }

    void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Reads one response to a non-HEAD request. */
    Reply read() throws IOException {
        return read(false);
    }

    /** Reads one response; {@code head} says the request was HEAD, so no body follows. */
    Reply read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        List<String[]> headers = new ArrayList<>();
        String line;
        while (!(line = line()).isEmpty()) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip()});
        }
        Reply partial = new Reply(status, statusLine, headers, new byte[0]);
        if (head || status < 200 || status == 204 || status == 304) {
            return partial;
        }
        byte[] body;
        if ("chunked".equals(partial.header("transfer-encoding"))) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                buf.write(in.readNBytes(size));
                if (!line().isEmpty()) {
                    throw new IOException("missing CRLF after chunk");
                }
            }
            body = buf.toByteArray();
        } else if (partial.header("content-length") != null) {
            int length = Integer.parseInt(partial.header("content-length"));
            body = in.readNBytes(length);
            if (body.length != length) {
                throw new IOException("body cut short: " + body.length + " of " + length);
            }
        } else {
            body = in.readAllBytes();
        }
        return new Reply(status, statusLine, headers, body);
    }

    /** Whether the server closed the connection (EOF or reset) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return buf.size() == 0 && prev < 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                if (prev != '\r') {
                    throw new IOException("server sent a bare LF");
                }
                byte[] bytes = buf.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            buf.write(b);
            prev = b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
