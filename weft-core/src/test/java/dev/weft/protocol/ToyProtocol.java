package dev.weft.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trivial protocol, written against the SPI alone: lines {@code PING\n}, each answered
 * {@code PONG\n}; any other line is answered {@code WHAT\n}. Recognised by the first bytes
 * {@code PING}. Between lines a connection lets its thread go ({@link Transport#awaitArrival},
 * "a whole line" being what it waits for), so it shows both execution modes' waiting.
 */
final class ToyProtocol implements Protocol {

    private static final byte[] MAGIC = "PING".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public Recognition recognises(ByteBuffer firstBytes) {
        int n = Math.min(MAGIC.length, firstBytes.remaining());
        for (int i = 0; i < n; i++) {
            if (firstBytes.get(firstBytes.position() + i) != MAGIC[i]) {
                return Recognition.NO;
            }
        }
        return n < MAGIC.length ? Recognition.NEED_MORE : Recognition.YES;
    }

    @Override
    public ServerConnection open(Transport transport, ByteBuffer alreadyRead, ConnectionContext context) {
        if (alreadyRead.hasRemaining()) {
            transport.unread(alreadyRead);
        }
        return new ToyConnection(transport, context);
    }

    @Override
    public void refuse(Transport transport, String reason) {
        try {
            transport.sendNow(ByteBuffer.wrap("BUSY\n".getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException ignored) {
            // closing anyway
        }
        transport.closeGently();
    }

    /** One toy connection. */
    static final class ToyConnection implements ServerConnection, Arrival {
        private static final int WAITING = 0;
        private static final int BUSY = 1;
        private static final int CLOSED = 2;

        private final Transport transport;
        private final ConnectionContext context;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private volatile long deadline;
        private final byte[] line = new byte[256];
        private int length;

        ToyConnection(Transport transport, ConnectionContext context) {
            this.transport = transport;
            this.context = context;
            this.deadline = System.nanoTime() + context.idleTimeout().toNanos();
        }

        @Override
        public void begin() {
            if (!transport.awaitArrival(this)) {
                arrived();
            }
        }

        @Override
        public void run() {
            if (!state.compareAndSet(WAITING, BUSY)) {
                return;
            }
            try {
                transport.readTimeout((int) context.readTimeout().toMillis());
                InputStream in = transport.input();
                OutputStream out = transport.output();
                while (true) {
                    int n = in.read(line, length, line.length - length);
                    if (n < 0) {
                        close();
                        return;
                    }
                    length += n;
                    int start = 0;
                    for (int i = 0; i < length; i++) {
                        if (line[i] == '\n') {
                            String text = new String(line, start, i - start, StandardCharsets.US_ASCII).strip();
                            out.write((text.equals("PING") ? "PONG\n" : "WHAT\n").getBytes(StandardCharsets.US_ASCII));
                            context.requestServed();
                            start = i + 1;
                        }
                    }
                    System.arraycopy(line, start, line, 0, length - start);
                    length -= start;
                    if (length == line.length) {
                        close(); // a line too long
                        return;
                    }
                    if (length == 0) {
                        // Nothing pending: wait for the next line without a thread.
                        deadline = System.nanoTime() + context.idleTimeout().toNanos();
                        state.set(WAITING);
                        if (transport.awaitArrival(this)) {
                            return;
                        }
                        if (!state.compareAndSet(WAITING, BUSY)) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                close();
            }
        }

        private void close() {
            state.set(CLOSED);
            transport.close();
            context.closed(this);
        }

        @Override
        public int maxBytes() {
            return line.length;
        }

        @Override
        public boolean suffices(byte[] bytes, int from, int length) {
            for (int i = from; i < length; i++) {
                if (bytes[i] == '\n') {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean started() {
            return state.get() != CLOSED;
        }

        @Override
        public long deadline() {
            return deadline;
        }

        @Override
        public void arrived() {
            if (!context.execute(this)) {
                state.set(CLOSED);
                context.closed(this);
                new ToyProtocol().refuse(transport, "busy");
            }
        }

        @Override
        public void expired() {
            close();
        }

        @Override
        public void ended() {
            close();
        }

        @Override
        public boolean closeIfIdle() {
            if (state.compareAndSet(WAITING, CLOSED)) {
                transport.close();
                context.closed(this);
                return true;
            }
            return false;
        }

        @Override
        public boolean closeIfSilentSince(long sinceNanos) {
            return false;
        }

        @Override
        public void forceClose() {
            close();
        }

        @Override
        public boolean writeStalled(long limitNanos, long now) {
            return transport.writeStalledLongerThan(limitNanos, now);
        }

        @Override
        public boolean idleExpired(long now) {
            return state.get() == WAITING && now - deadline > 0;
        }
    }
}
