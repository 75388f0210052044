package dev.weft.http1;

import dev.weft.http.Headers;
import dev.weft.http.RequestLimits;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;

/**
 * Decodes a chunked body (RFC 9112 7.1) as it is read.
 *
 * <p>Chunk sizes are at most 16 hex digits and must fit a signed long; extensions are
 * checked and skipped, bounded by {@link #MAX_EXTENSION_BYTES}; trailer fields are checked
 * like header fields, bounded by the header limits, and kept apart for {@link #trailers()}:
 * they never change the framing. Any deviation, including a
 * missing CRLF after chunk data, fails the body with a {@link ProtocolException} and marks it
 * broken, so the connection is closed rather than read at the wrong place.
 *
 * <p>A bound per line is not enough: 2,000 one-byte chunks, each with a 4,000-byte extension,
 * make the server parse 8 MB for 2 KB of data, and the body limit, which counts only data,
 * never fires (the same hole as Go's CVE-2023-39326 and Node's CVE-2024-22019). So the
 * framing is paid for by the data, as in Go's fix: every byte of a chunk-size line
 * (size, extensions, CRLF) and of the CRLF after the chunk's data is overhead; each chunk
 * allows {@link #OVERHEAD_PER_CHUNK} (16) bytes of it plus {@link #OVERHEAD_PER_DATA_BYTE} (2)
 * per byte of its data. Overhead beyond that is carried forward as excess, and unused
 * allowance is not (a large chunk early on does not pay for a flood of extensions later);
 * excess over {@link #MAX_EXCESS_OVERHEAD} (16 KiB) is {@code 400}. The attack above is
 * refused after five chunks, about 20 KB in. Plain framing never builds excess: a byte at a
 * time ({@code 1\r\nx\r\n}) is 5 bytes of overhead, a short extension per chunk fits too,
 * and a few extensions of the maximal 4 KiB on tiny chunks fit in the 16 KiB.
 */
public final class ChunkedBody extends RequestBody {

    /** Longest chunk extension accepted per chunk. */
    static final int MAX_EXTENSION_BYTES = 4096;
    /** Framing bytes each chunk may carry for free. */
    static final int OVERHEAD_PER_CHUNK = 16;
    /** Framing bytes each byte of chunk data pays for. */
    static final int OVERHEAD_PER_DATA_BYTE = 2;
    /** Most framing bytes beyond what the chunks paid for; past it the body is refused. */
    static final int MAX_EXCESS_OVERHEAD = 16 * 1024;

    private final ConnectionInput input;
    private final RequestLimits limits;
    private long chunkLeft;
    private long total;
    private boolean done;
    /** Bytes read of the current chunk-size line, its size digits to its CRLF. */
    private int lineBytes;
    /** Framing read so far beyond what the chunks' allowance covers; never negative. */
    private long excessOverhead;
    /** The trailer section, once the last chunk has been read; null before. */
    private Headers trailers;

    public ChunkedBody(ConnectionInput input, RequestLimits limits) {
        this.input = input;
        this.limits = limits;
    }

    @Override
    public boolean isComplete() {
        return done;
    }

    /** The trailer fields, once the body has been read to its end; empty before. */
    @Override
    public Headers trailers() {
        return done ? trailers : super.trailers();
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
            chargeOverhead(chunkLeft);
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

    /**
     * Counts the chunk-size line just read, and the CRLF that will follow the chunk's data, as
     * overhead against the allowance of a chunk of {@code size} bytes (see the class comment).
     */
    private void chargeOverhead(long size) throws ProtocolException {
        long overhead = lineBytes + (size == 0 ? 0 : 2);
        // size is at most 2^63 - 1; saturate rather than overflow.
        long allowance = size > (Long.MAX_VALUE - OVERHEAD_PER_CHUNK) / OVERHEAD_PER_DATA_BYTE
                ? Long.MAX_VALUE : OVERHEAD_PER_CHUNK + OVERHEAD_PER_DATA_BYTE * size;
        excessOverhead = Math.max(0, excessOverhead + overhead - allowance);
        if (excessOverhead > MAX_EXCESS_OVERHEAD) {
            throw broken(new ProtocolException(400, "chunk extensions outweigh the data"));
        }
    }

    private long readChunkSize() throws IOException {
        lineBytes = 0;
        long size = 0;
        int digits = 0;
        int ch;
        while (true) {
            ch = nextOfLine();
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
        if (ch != '\r' || nextOfLine() != '\n') {
            throw broken(new ProtocolException(400, "malformed chunk size line"));
        }
        return size;
    }

    /** chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ); checked for bytes, then skipped. */
    private void skipExtension(int first) throws IOException {
        boolean semicolonSeen = first == ';';
        int count = 0;
        int ch;
        while ((ch = nextOfLine()) != '\r') {
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
        if (!semicolonSeen || nextOfLine() != '\n') {
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
            trailers = RequestHeadParser.parseFields(new RequestHeadParser.Cursor(bytes, 0, bytes.length), limits);
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

    /** The next byte of a chunk-size line, counted in {@link #lineBytes}. */
    private int nextOfLine() throws IOException {
        lineBytes++;
        return next();
    }

    private int next() throws IOException {
        int ch = input.read();
        if (ch < 0) {
            throw broken(new EOFException("connection closed inside a chunked body"));
        }
        return ch;
    }
}
