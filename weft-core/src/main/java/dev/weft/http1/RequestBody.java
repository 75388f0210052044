package dev.weft.http1;

import dev.weft.http.Headers;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read from the connection, delimited by the request's framing.
 *
 * <p>After the handler is done the server asks {@link #isComplete()} and, if it is not,
 * {@link #drain} discards what is left so the next request on the connection starts at the
 * right byte. A body that fails to parse poisons the connection: {@link #isBroken()}.
 */
public abstract sealed class RequestBody extends InputStream
        permits RequestBody.Empty, FixedLengthBody, ChunkedBody {

    private Runnable beforeFirstRead;
    private boolean broken;

    /** Runs {@code action} once, before the first byte is read (used for {@code 100 Continue}). */
    public void beforeFirstRead(Runnable action) {
        this.beforeFirstRead = action;
    }

    /** Whether anyone started reading the body. */
    public boolean started() {
        return beforeFirstRead == null;
    }

    protected final void starting() {
        Runnable action = beforeFirstRead;
        if (action != null) {
            beforeFirstRead = null;
            action.run();
        }
    }

    /** Whether the whole body, up to and including its framing, has been read. */
    public abstract boolean isComplete();

    /**
     * The trailer fields read after the body: empty until the body has been read to its end,
     * and always for a body that cannot carry any (only a chunked one can).
     */
    public Headers trailers() {
        return new Headers(0);
    }

    /** Whether reading failed in a way that leaves the connection out of step. */
    public boolean isBroken() {
        return broken;
    }

    protected final <T extends IOException> T broken(T e) {
        broken = true;
        return e;
    }

    /**
     * Reads and discards the rest of the body, up to {@code maxBytes}. A body whose length is
     * known to be longer is not read at all: the connection will be closed anyway.
     *
     * @return true if the body is now complete; false if it was longer than {@code maxBytes}
     *         or broken, and the connection must be closed
     */
    public boolean drain(long maxBytes) {
        if (isComplete()) {
            return true;
        }
        if (broken || remainingIfKnown() > maxBytes) {
            return false;
        }
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(1, maxBytes))];
        long left = maxBytes;
        try {
            while (!isComplete()) {
                if (left <= 0) {
                    return false;
                }
                int n = read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    return isComplete();
                }
                left -= n;
            }
            return true;
        } catch (IOException e) {
            broken = true;
            return false;
        }
    }

    /** How many bytes of the body are still to be read, or -1 if the framing does not say. */
    protected long remainingIfKnown() {
        return -1;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /** The body of a request that has none. */
    public static final class Empty extends RequestBody {
        /** The shared instance: it has no state to change. */
        public static final Empty INSTANCE = new Empty();

        private Empty() {
        }

        @Override
        public boolean isComplete() {
            return true;
        }

        @Override
        public void beforeFirstRead(Runnable action) {
            // no body, no 100 Continue
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return -1;
        }
    }
}
