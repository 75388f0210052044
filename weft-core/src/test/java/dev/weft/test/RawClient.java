package dev.weft.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately dumb HTTP/1.1 client over one raw socket, for tests that must see the wire
 * and not a library's view of it: it sends exactly the bytes it is given, and reads responses
 * strictly by the book.
 *
 * <p>Reading is strict, so that a sloppy response fails the test that reads it: every line
 * must end in CRLF, the status line must be {@code HTTP/1.1 NNN ...}, each chunk must be
 * followed by CRLF, and a {@code Content-Length} body must arrive in full. A body is framed
 * by {@code Transfer-Encoding: chunked}, else by {@code Content-Length}, else by the close of
 * the connection; responses to {@code HEAD} and {@code 1xx}, {@code 204} and {@code 304}
 * responses have none. Requests may be pipelined: send several, then {@link #read()} each
 * answer in turn.
 *
 * <pre>{@code
 * try (RawClient c = new RawClient(port)) {
 *     RawClient.Reply r = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
 *     assertEquals(200, r.status());
 * }
 * }</pre>
 */
public final class RawClient implements AutoCloseable {

    /** How long a read waits for the server unless the test says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** One header field as sent, the name in the server's case. */
    public record Field(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    /**
     * One response as read off the wire.
     *
     * @param statusLine the status line without its CRLF
     * @param status     the status code
     * @param headers    the header fields in order, as sent
     * @param body       the body after framing is removed (chunks joined, trailers dropped)
     */
    public record Reply(String statusLine, int status, List<Field> headers, byte[] body) {

        /** The first value of the header {@code name} (ignoring case), or {@code null}. */
        public String header(String name) {
            for (Field f : headers) {
                if (f.name().equalsIgnoreCase(name)) {
                    return f.value();
                }
            }
            return null;
        }

        /** How many fields named {@code name} (ignoring case) the response has. */
        public int count(String name) {
            int n = 0;
            for (Field f : headers) {
                if (f.name().equalsIgnoreCase(name)) {
                    n++;
                }
            }
            return n;
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connects to {@code 127.0.0.1:port}; reads wait at most {@link #DEFAULT_TIMEOUT}. */
    public RawClient(int port) throws IOException {
        this(port, DEFAULT_TIMEOUT);
    }

    /** Connects to {@code 127.0.0.1:port}; reads wait at most {@code timeout}. */
    public RawClient(int port, Duration timeout) throws IOException {
        socket = new Socket("127.0.0.1", port);
        try {
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends {@code method path} with {@code Host: localhost}, the given header lines (each
     * {@code "Name: value"}) and {@code Connection: close} on a new connection, and reads the
     * one response (without a body for {@code HEAD}).
     */
    public static Reply request(int port, String method, String path, String... headerLines) throws IOException {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headerLines) {
            sb.append(h).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        try (RawClient client = new RawClient(port)) {
            return client.send(sb.toString()).read(method.equals("HEAD"));
        }
    }

    /** {@link #request} with {@code GET}. */
    public static Reply get(int port, String path, String... headerLines) throws IOException {
        return request(port, "GET", path, headerLines);
    }

    /** Sends the characters of {@code latin1} as bytes, one byte each (ISO-8859-1). */
    public RawClient send(String latin1) throws IOException {
        return send(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends {@code bytes} as they are, in one write. */
    public RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Half-closes: the server sees the end of the request stream, and can still answer. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** The client's port, to tell its connection apart in the server's records. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** How long reads wait from now on, in milliseconds. */
    public void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Reads one response to a request other than {@code HEAD}. */
    public Reply read() throws IOException {
        return read(false);
    }

    /**
     * Reads one response; {@code head} says it answers a {@code HEAD}, so no body follows.
     *
     * @throws IOException if the connection ends before a status line, or the response
     *                     breaks the rules above
     */
    public Reply read(boolean head) throws IOException {
        Reply reply = readOrNull(head);
        if (reply == null) {
            throw new IOException("connection closed before a response");
        }
        return reply;
    }

    /**
     * Reads one response to a request other than {@code HEAD}, or returns {@code null} if the
     * server closed the connection cleanly before it began one: for reading pipelined
     * answers until there are no more.
     */
    public Reply readOrNull() throws IOException {
        return readOrNull(false);
    }

    private Reply readOrNull(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            return null;
        }
        if (!statusLine.matches("HTTP/1\\.1 [1-9][0-9][0-9]( .*)?")) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        List<Field> headers = new ArrayList<>();
        for (String line = requiredLine(); !line.isEmpty(); line = requiredLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not a header field: " + line);
            }
            headers.add(new Field(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        Reply withoutBody = new Reply(statusLine, status, List.copyOf(headers), new byte[0]);
        if (head || status < 200 || status == 204 || status == 304) {
            return withoutBody;
        }
        byte[] body;
        String length = withoutBody.header("Content-Length");
        if ("chunked".equals(withoutBody.header("Transfer-Encoding"))) {
            body = chunked();
        } else if (length != null) {
            body = exactly(Integer.parseInt(length));
        } else {
            body = in.readAllBytes();
        }
        return new Reply(statusLine, status, withoutBody.headers(), body);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(requiredLine().split(";")[0].strip(), 16);
            if (size == 0) {
                while (!requiredLine().isEmpty()) {
                    // trailer fields: not kept
                }
                return body.toByteArray();
            }
            body.write(exactly(size));
            if (!requiredLine().isEmpty()) {
                throw new IOException("missing CRLF after a chunk");
            }
        }
    }

    private byte[] exactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("body cut short: " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** Reads everything the server sends until it closes the connection. */
    public byte[] readAll() throws IOException {
        return in.readAllBytes();
    }

    /**
     * Whether the server closed the connection (end of stream or reset) within the read
     * timeout. A byte that arrives instead is consumed, and the answer is no.
     */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    private String requiredLine() throws IOException {
        String line = line();
        if (line == null) {
            throw new IOException("connection closed in the middle of a response");
        }
        return line;
    }

    /** One CRLF-terminated line without its CRLF, or {@code null} at a clean end of stream. */
    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (buf.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed in a line: " + buf.toString(StandardCharsets.ISO_8859_1));
            }
            if (b == '\n') {
                if (prev != '\r') {
                    throw new IOException("bare LF from the server after: " + buf.toString(StandardCharsets.ISO_8859_1));
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
