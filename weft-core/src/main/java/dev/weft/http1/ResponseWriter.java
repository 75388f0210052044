package dev.weft.http1;

import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Response;
import dev.weft.http.ResponseTrailers;
import dev.weft.http.StatusCodes;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Serializes responses onto a connection per RFC 9112: status line, {@code Date} (unless the
 * handler set one), the handler's fields, framing, body.
 *
 * <p>No {@code Server} field is sent: RFC 9110 makes it optional, it tells a scanner what to
 * try, and every answer would carry its bytes. A handler or filter that wants one sets it.
 *
 * <p>The server owns framing and connection management: {@code Content-Length} comes from the
 * body's known length, an unknown length is sent chunked (HTTP/1.1) or delimited by closing
 * the connection (HTTP/1.0), and whatever the handler set for those fields (and for
 * {@code Trailer}) is ignored. A response that {@linkplain Response#closesAfter() closes after}
 * gets {@code Connection: close}. A response with trailer fields is sent chunked on HTTP/1.1, whatever its length, with a
 * {@code Trailer} field naming them and their values in the trailer section after the last
 * chunk; HTTP/1.0 cannot carry them, so there they are dropped unevaluated.
 */
public final class ResponseWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SP = {':', ' '};
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRAILER = "Trailer: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMA_SP = {',', ' '};
    private static final byte[] CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_UPGRADE = "Connection: Upgrade\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] STATUS_LINES = new byte[600][];
    /** Files at most this big are copied into the head's buffer: one write beats two syscalls. */
    private static final long SMALL_FILE = 4096;

    private final ConnectionOutput out;

    public ResponseWriter(ConnectionOutput out) {
        this.out = out;
    }

    /**
     * Writes a {@code 101 Switching Protocols} head: the handler's fields (its {@code Upgrade}
     * among them) and {@code Connection: Upgrade}. Does not flush.
     */
    public void writeSwitchingProtocols(Response response) throws IOException {
        Headers headers = response.headers();
        writeStatusAndFields(101, headers);
        out.write(CONNECTION_UPGRADE);
        out.write(CRLF);
        response.body().release();
    }

    /** Writes {@code HTTP/1.1 100 Continue} and flushes it. */
    public void writeContinue() throws IOException {
        out.write(statusLine(100));
        out.write(CRLF);
        out.flush();
    }

    /**
     * Writes one response. Does not flush: the caller flushes once there is nothing more to
     * answer right away, so pipelined responses share a write.
     *
     * @param http11      whether the request was HTTP/1.1 (else 1.0)
     * @param headRequest whether the request was HEAD: fields as for GET, no body
     * @param keepAlive   whether the connection may stay open, as far as the caller knows
     * @return whether the connection may stay open after this response
     */
    public boolean write(Response response, boolean http11, boolean headRequest, boolean keepAlive) throws IOException {
        Body body = response.body();
        try {
            return writeOrThrow(response, body, http11, headRequest, keepAlive);
        } catch (IOException | RuntimeException e) {
            body.release(); // an open file the body holds is closed now, not when it is collected
            throw e;
        }
    }

    private boolean writeOrThrow(Response response, Body body, boolean http11, boolean headRequest, boolean keepAlive)
            throws IOException {
        int status = response.status();
        Headers headers = response.headers();
        boolean bodiless = StatusCodes.forbidsBody(status);
        long length = bodiless ? 0 : body.length();
        // Trailers need the chunked coding (RFC 9112 7.1.2), which HTTP/1.0 lacks: dropped there.
        ResponseTrailers trailers = response.trailers();
        boolean withTrailers = http11 && !bodiless && !trailers.isEmpty();
        boolean chunked = false;
        if (!bodiless && (length < 0 || withTrailers) && !headRequest) {
            if (http11) {
                chunked = true;
            } else {
                keepAlive = false; // HTTP/1.0: the end of the connection ends the body
            }
        }
        if (response.closesAfter()) {
            keepAlive = false;
        }

        boolean defers = out.defersFixedBodies();
        if (defers) {
            out.holdHead(true);
        }
        writeStatusAndFields(status, headers);
        if (withTrailers) {
            out.write(TRAILER);
            List<String> names = trailers.names();
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.write(COMMA_SP);
                }
                out.writeLatin1(names.get(i));
            }
            out.write(CRLF);
        }
        if (chunked) {
            out.write(CHUNKED);
        } else if (!bodiless && length >= 0 && status >= 200 && !withTrailers) {
            out.write(CONTENT_LENGTH);
            out.writeDecimal(length);
            out.write(CRLF);
        }
        if (!keepAlive) {
            out.write(CLOSE);
        } else if (!http11) {
            out.write(KEEP_ALIVE);
        }
        out.write(CRLF);
        if (defers) {
            out.holdHead(false);
        }

        if (bodiless || headRequest) {
            body.release();
        } else if (chunked) {
            ChunkedOutputStream chunks = new ChunkedOutputStream(out);
            body.writeTo(new Unclosable(chunks));
            chunks.finish(withTrailers ? evaluate(trailers) : null);
        } else if (body instanceof Body.FileRegion file && out.canTransferFiles()
                && (file.length() > SMALL_FILE || defers && !out.fits(file.length()))) {
            // Opened here, on the connection's thread, whether it is sent now or later: a file
            // that cannot be opened fails this response, not a send in the background.
            FileChannel channel = FileChannel.open(file.file(), StandardOpenOption.READ);
            if (defers) {
                out.defer(channel, file.offset(), file.length());
            } else {
                try (channel) {
                    out.transferFrom(channel, file.offset(), file.length());
                }
            }
        } else if (body instanceof Body.OpenFile file && out.canTransferFiles()
                && (file.length() > SMALL_FILE || defers && !out.fits(file.length()))) {
            if (defers) {
                out.defer(file.channel(), file.offset(), file.length());
            } else {
                try (FileChannel channel = file.channel()) {
                    out.transferFrom(channel, file.offset(), file.length());
                }
            }
        } else if (body instanceof Body.Bytes bytes) {
            if (defers && !out.fits(bytes.length())) {
                out.defer(bytes.bytes());
            } else {
                out.write(bytes.bytes());
            }
        } else {
            CountingStream counted = new CountingStream(out, length);
            body.writeTo(counted);
            if (length >= 0 && counted.count != length) {
                throw new IOException("body wrote " + counted.count + " bytes but declared " + length);
            }
        }
        return keepAlive;
    }

    /**
     * The trailer fields' values, now that the body is written. A supplier that fails leaves
     * the message unfinished: the failure goes up as an I/O error, and the connection closes
     * without the last chunk, so the client sees a cut-short response, not a complete one.
     */
    private static Headers evaluate(ResponseTrailers trailers) throws IOException {
        try {
            return trailers.evaluate();
        } catch (RuntimeException e) {
            throw new IOException("trailer fields could not be computed: " + e, e);
        }
    }

    /**
     * The status line, {@code Date} unless the handler set one, and the handler's fields but
     * the framing ones, which the writer owns.
     */
    private void writeStatusAndFields(int status, Headers headers) throws IOException {
        out.write(statusLine(status));
        if (!headers.contains("Date")) {
            out.write(HttpDate.headerLine());
        }
        for (int i = 0, n = headers.size(); i < n; i++) {
            String name = headers.nameAt(i);
            if (isFramingField(name)) {
                continue;
            }
            out.writeLatin1(name);
            out.write(COLON_SP);
            out.writeLatin1(headers.valueAt(i));
            out.write(CRLF);
        }
    }

    private static boolean isFramingField(String name) {
        return name.equalsIgnoreCase("Content-Length")
                || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("Connection")
                || name.equalsIgnoreCase("Trailer"); // announces only the trailers actually declared
    }

    private static byte[] statusLine(int status) {
        byte[] line = status < STATUS_LINES.length ? STATUS_LINES[status] : null;
        if (line == null) {
            line = ("HTTP/1.1 " + status + " " + StatusCodes.reason(status) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            if (status < STATUS_LINES.length) {
                STATUS_LINES[status] = line; // benign race: every thread computes the same bytes
            }
        }
        return line;
    }

    /** Keeps a handler's {@code close()} from closing the connection. */
    private static final class Unclosable extends FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Counts what a body writes, to catch one that breaks its declared length. */
    private static final class CountingStream extends FilterOutputStream {
        private final long declared;
        long count;

        CountingStream(OutputStream out, long declared) {
            super(out);
            this.declared = declared;
        }

        @Override
        public void write(int b) throws IOException {
            check(1);
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            out.write(b, off, len);
            count += len;
        }

        private void check(int len) throws IOException {
            if (declared >= 0 && count + len > declared) {
                throw new IOException("body wrote more than its declared " + declared + " bytes");
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
