package dev.weft.http1;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;

/**
 * Decodes a chunked body (RFC 9112 7.1) as it is read.
 *
 * <p>Chunk sizes are at most 16 hex digits and must fit a signed long; extensions are
 * checked and skipped, bounded by {@link #MAX_EXTENSION_BYTES}; trailer fields are checked
 * like header fields and discarded, bounded by the header limits. Any deviation, including a
 * missing CRLF after chunk data, fails the body with a {@link ProtocolException} and marks it
 * broken, so the connection is closed rather than read at the wrong place.
 */
public final class ChunkedBody extends RequestBody {

    /** Longest chunk extension accepted per chunk. */
    static final int MAX_EXTENSION_BYTES = 4096;

    private final ConnectionInput input;
    private final Http1Limits limits;
    private long chunkLeft;
    private long total;
    private boolean done;

    public ChunkedBody(ConnectionInput input, Http1Limits limits) {
        this.input = input;
        this.limits = limits;
    }

    @Override
    public boolean isComplete() {
        return done;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        starting();
        if (isBroken()) {
            throw new IOException("request body is broken");
        }
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (chunkLeft == 0) {
            chunkLeft = readChunkSize();
            if (chunkLeft == 0) {
                readTrailers();
                done = true;
                return -1;
            }
            if (total + chunkLeft > limits.maxBodyBytes()) {
                throw broken(new ProtocolException(413, "request body larger than " + limits.maxBodyBytes() + " bytes"));
            }
            total += chunkLeft;
        }
        int n = input.read(b, off, (int) Math.min(len, chunkLeft));
        if (n < 0) {
            throw broken(new EOFException("connection closed inside a chunk"));
        }
        chunkLeft -= n;
        if (chunkLeft == 0) {
            expectCrlf("after chunk data");
        }
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(chunkLeft, input.buffered());
    }

    private long readChunkSize() throws IOException {
        long size = 0;
        int digits = 0;
        int ch;
        while (true) {
            ch = next();
            int d = hexValue(ch);
            if (d < 0) {
                break;
            }
            if (++digits > 16 || (size >>> 59) != 0) {
                throw broken(new ProtocolException(400, "chunk size too large"));
            }
            size = size << 4 | d;
        }
        if (digits == 0) {
            throw broken(new ProtocolException(400, "malformed chunk size"));
        }
        if (ch == ';' || ch == ' ' || ch == '\t') {
            skipExtension(ch);
            return size;
        }
        if (ch != '\r' || next() != '\n') {
            throw broken(new ProtocolException(400, "malformed chunk size line"));
        }
        return size;
    }

    /** chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ); checked for bytes, then skipped. */
    private void skipExtension(int first) throws IOException {
        boolean semicolonSeen = first == ';';
        int count = 0;
        int ch;
        while ((ch = next()) != '\r') {
            if (++count > MAX_EXTENSION_BYTES) {
                throw broken(new ProtocolException(400, "chunk extension too long"));
            }
            if (ch == ';') {
                semicolonSeen = true;
            } else if (!semicolonSeen && ch != ' ' && ch != '\t') {
                throw broken(new ProtocolException(400, "malformed chunk extension"));
            } else if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                throw broken(new ProtocolException(400, "invalid character in chunk extension"));
            }
        }
        if (!semicolonSeen || next() != '\n') {
            throw broken(new ProtocolException(400, "malformed chunk extension"));
        }
    }

    private void readTrailers() throws IOException {
        // Collect the trailer section up to its blank line, then validate it as field lines.
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        int lineLength = 0;
        int prev = -1;
        while (true) {
            int ch = next();
            if (section.size() >= limits.maxHeaderBytes()) {
                throw broken(new ProtocolException(431, "trailer section too large"));
            }
            section.write(ch);
            if (ch == '\n') {
                if (prev != '\r') {
                    throw broken(new ProtocolException(400, "bare LF in trailer section"));
                }
                if (lineLength == 1) {
                    break; // just CRLF: the blank line that ends the body
                }
                lineLength = 0;
            } else {
                lineLength++;
            }
            prev = ch;
        }
        byte[] bytes = section.toByteArray();
        try {
            RequestHeadParser.parseFields(new RequestHeadParser.Cursor(bytes, 0, bytes.length), limits);
        } catch (ProtocolException e) {
            throw broken(e);
        }
    }

    private static int hexValue(int ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        return -1;
    }

    private void expectCrlf(String where) throws IOException {
        if (next() != '\r' || next() != '\n') {
            throw broken(new ProtocolException(400, "missing CRLF " + where));
        }
    }

    private int next() throws IOException {
        int ch = input.read();
        if (ch < 0) {
            throw broken(new EOFException("connection closed inside a chunked body"));
        }
        return ch;
    }
}
