package dev.weft.http1;

import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;

/** A body of exactly {@code Content-Length} bytes. */
public final class FixedLengthBody extends RequestBody {

    private final ConnectionInput input;
    private long remaining;

    public FixedLengthBody(ConnectionInput input, long length) {
        this.input = input;
        this.remaining = length;
    }

    @Override
    public boolean isComplete() {
        return remaining == 0;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        starting();
        if (remaining == 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = input.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw broken(new EOFException("connection closed with " + remaining + " body bytes still to come"));
        }
        remaining -= n;
        return n;
    }

    @Override
    protected long remainingIfKnown() {
        return remaining;
    }

    @Override
    public int available() {
        return (int) Math.min(remaining, input.buffered());
    }
}
