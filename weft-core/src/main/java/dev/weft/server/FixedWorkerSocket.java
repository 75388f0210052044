package dev.weft.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A fixed worker's view of its socket, which is in blocking mode for waiting reads and
 * writes (the socket adaptor's streams, with their timeouts) and in non-blocking mode for
 * sending answers without waiting ({@link dev.weft.http1.ConnectionOutput#sendWithoutWaiting}).
 *
 * <p>Switching modes costs two {@code fcntl} calls each way, so after a send the socket is
 * left non-blocking, and the next read first takes what has already arrived without
 * switching back: a client that sent its next request while its answer went out (a busy
 * keep-alive client) costs one {@code write} and one {@code read} per request and no switch.
 * Only a read that finds nothing, or a write that may have to wait, switches to blocking mode.
 */
final class FixedWorkerSocket {

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    FixedWorkerSocket(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new Input(channel.socket().getInputStream());
        this.out = new Output(channel.socket().getOutputStream());
    }

    InputStream input() {
        return in;
    }

    OutputStream output() {
        return out;
    }

    /** Puts the socket in non-blocking mode for a send that must not wait (no switch if it is already). */
    void nonBlocking() throws IOException {
        channel.configureBlocking(false);
    }

    private void blocking() throws IOException {
        if (!channel.isBlocking()) {
            channel.configureBlocking(true);
        }
    }

    private final class Input extends InputStream {
        private final InputStream blocking;

        Input(InputStream blocking) {
            this.blocking = blocking;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!channel.isBlocking()) {
                int n = channel.read(ByteBuffer.wrap(b, off, len));
                if (n != 0) {
                    return n;
                }
                blocking();
            }
            return blocking.read(b, off, len); // waits, with the socket's read timeout
        }
    }

    private final class Output extends OutputStream {
        private final OutputStream blocking;

        Output(OutputStream blocking) {
            this.blocking = blocking;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            blocking();
            blocking.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            blocking.flush();
        }
    }
}
