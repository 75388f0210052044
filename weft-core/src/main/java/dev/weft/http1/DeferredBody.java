package dev.weft.http1;

import dev.weft.protocol.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The rest of a response body whose bytes are already fixed, an array in memory or a region
 * of an open file, sent without blocking in as many parts as the socket takes, by whichever
 * thread holds the connection (a fixed worker, then the transport's waiting room). It holds references
 * only: no copy of the array, no file data on the heap.
 */
sealed interface DeferredBody {

    /**
     * Sends what a non-blocking socket takes now; returns false if it took less than it was
     * offered: its send buffer is full.
     */
    boolean sendTo(Transport transport) throws IOException;

    /** How many bytes are left to send. */
    long remaining();

    /** Closes what the body holds open (a file); calling it again does no harm. */
    void release();

    /** An array in memory. */
    final class InMemory implements DeferredBody {
        /**
         * The most handed to one write: a heap array is copied into a native buffer for each
         * write, whatever the socket then takes, so a slice keeps a write into a nearly full
         * socket from copying megabytes to send a few bytes.
         */
        private static final int SLICE = 128 * 1024;

        private final byte[] bytes;
        private int position;

        InMemory(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public boolean sendTo(Transport transport) throws IOException {
            int offered = Math.min(SLICE, bytes.length - position);
            int n = transport.sendNow(ByteBuffer.wrap(bytes, position, offered));
            position += n;
            return n == offered;
        }

        @Override
        public long remaining() {
            return bytes.length - position;
        }

        @Override
        public void release() {
        }
    }

    /** A region of an open file, sent with {@link FileChannel#transferTo} (sendfile). */
    final class FileRegion implements DeferredBody {
        private final FileChannel file;
        private long position;
        private final long end;

        FileRegion(FileChannel file, long position, long length) {
            this.file = file;
            this.position = position;
            this.end = position + length;
        }

        @Override
        public boolean sendTo(Transport transport) throws IOException {
            long offered = end - position;
            long n = transport.sendFileNow(file, position, offered);
            if (n <= 0 && position >= file.size()) {
                throw new IOException("file shrank while it was being sent");
            }
            position += Math.max(n, 0);
            return n == offered;
        }

        @Override
        public long remaining() {
            return end - position;
        }

        @Override
        public void release() {
            try {
                file.close();
            } catch (IOException ignored) {
                // closing only releases the descriptor
            }
        }
    }
}
