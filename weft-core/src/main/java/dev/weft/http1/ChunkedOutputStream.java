package dev.weft.http1;

import dev.weft.http.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes what is written as a chunked body (RFC 9112 7.1). {@link #finish()} writes the
 * last chunk; {@link #close()} does the same and never closes the connection underneath.
 */
public final class ChunkedOutputStream extends OutputStream {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};
    private static final byte[] COLON_SP = {':', ' '};

    private final OutputStream out;
    private boolean finished;

    public ChunkedOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("chunked body already finished");
        }
        if (len == 0) {
            return; // a zero-length chunk would end the body
        }
        byte[] size = Integer.toHexString(len).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(size);
        out.write(CRLF);
        out.write(b, off, len);
        out.write(CRLF);
    }

    /** Pushes what was written so far to the client (for streamed and event-stream bodies). */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Writes the last chunk and an empty trailer section. */
    public void finish() throws IOException {
        finish(null);
    }

    /**
     * Writes the last chunk and a trailer section holding {@code trailers} (RFC 9112 7.1.2);
     * {@code null} or empty for none. Does nothing if the body is already finished.
     */
    public void finish(Headers trailers) throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (trailers == null || trailers.isEmpty()) {
            out.write(LAST_CHUNK);
            return;
        }
        out.write(LAST_CHUNK, 0, 3); // "0" CRLF
        for (int i = 0, n = trailers.size(); i < n; i++) {
            out.write(trailers.nameAt(i).getBytes(StandardCharsets.ISO_8859_1));
            out.write(COLON_SP);
            out.write(trailers.valueAt(i).getBytes(StandardCharsets.ISO_8859_1));
            out.write(CRLF);
        }
        out.write(CRLF);
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
