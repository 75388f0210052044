package dev.weft.http1;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes what is written as a chunked body (RFC 9112 7.1). {@link #finish()} writes the
 * last chunk; {@link #close()} does the same and never closes the connection underneath.
 */
public final class ChunkedOutputStream extends OutputStream {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

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
        if (!finished) {
            finished = true;
            out.write(LAST_CHUNK);
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
