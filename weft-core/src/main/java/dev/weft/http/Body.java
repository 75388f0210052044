package dev.weft.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A response body: a length, if known, and a way to write the bytes.
 *
 * <p>The server picks the framing from {@link #length()}: a known length is declared before
 * the body (HTTP/1.1's {@code Content-Length}), an unknown one ({@code -1}) is streamed as it
 * comes (HTTP/1.1's chunked coding). Bodies from files are written
 * straight from the file to the socket where the transport allows it (see {@link FileRegion}).
 */
public interface Body {

    /** The number of bytes {@link #writeTo} will write, or {@code -1} if unknown. */
    long length();

    /**
     * Writes the body. Called at most once per response, never for {@code HEAD} requests
     * or bodiless statuses.
     */
    void writeTo(OutputStream out) throws IOException;

    /**
     * Called instead of {@link #writeTo} when the body will not be sent (a {@code HEAD}
     * request, a status without a body, a connection that failed before the body): releases
     * what the body holds open. Calling it after {@code writeTo}, or twice, does no harm.
     */
    default void release() {
    }

    /** No body at all. */
    static Body empty() {
        return Bytes.EMPTY;
    }

    /** A body held in memory. The array is not copied: do not change it afterwards. */
    static Body of(byte[] bytes) {
        return bytes.length == 0 ? Bytes.EMPTY : new Bytes(bytes);
    }

    /** A string encoded as UTF-8. */
    static Body of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A stream of unknown length, sent chunked; the server closes it when done. */
    static Body of(InputStream in) {
        return new Stream(in, -1);
    }

    /** A stream of exactly {@code length} bytes; the server closes it when done. */
    static Body of(InputStream in, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0");
        }
        return new Stream(in, length);
    }

    /** A whole file. Its size is read now; the file is opened when the body is written. */
    static Body ofFile(Path file) {
        try {
            return new FileRegion(file, 0, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code length} bytes of a file starting at {@code offset}. */
    static Body ofFile(Path file, long offset, long length) {
        return new FileRegion(file, offset, length);
    }

    /**
     * {@code length} bytes of a file already open, starting at {@code offset}. The bytes sent
     * are those of the file that was opened, whatever is renamed over its name meanwhile; the
     * server closes the channel when the body has been sent or released. Sent zero-copy where
     * the transport allows it, like {@link #ofFile(Path, long, long)}.
     */
    static Body ofChannel(FileChannel channel, long offset, long length) {
        return new OpenFile(channel, offset, length);
    }

    /**
     * A body produced by code as it runs, e.g. a large export or server-sent events. Sent
     * chunked; each {@code flush()} on the stream pushes what was written so far to the client.
     */
    static Body streaming(Writer writer) {
        return new Streaming(writer);
    }

    /** Produces a streamed body; see {@link Body#streaming}. */
    @FunctionalInterface
    interface Writer {
        /** Writes the body to {@code out}; closing {@code out} only flushes it, the connection stays open. */
        void write(OutputStream out) throws IOException;
    }

    /** A body held in memory. */
    record Bytes(byte[] bytes) implements Body {
        static final Bytes EMPTY = new Bytes(new byte[0]);

        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }
    }

    /** A body read from a stream. */
    record Stream(InputStream in, long length) implements Body {
        @Override
        public void release() {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing was read from it; closing is only to release it
            }
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream source = in) {
                if (length < 0) {
                    source.transferTo(out);
                    return;
                }
                byte[] buffer = new byte[(int) Math.min(length, 16 * 1024)];
                long left = length;
                while (left > 0) {
                    int n = source.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException("body stream ended " + left + " bytes short of its declared length");
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        }
    }

    /**
     * A region of a file. The HTTP/1.1 transport sends it with {@code FileChannel.transferTo}
     * (sendfile on Linux) so the bytes never enter the Java heap.
     */
    record FileRegion(Path file, long offset, long length) implements Body {
        /** Checks that the region is not negative. */
        public FileRegion {
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("offset and length must be >= 0");
            }
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(offset);
                new Stream(in, length).writeTo(out);
            }
        }
    }

    /** A region of an open file; see {@link Body#ofChannel}. */
    record OpenFile(FileChannel channel, long offset, long length) implements Body {
        /** Checks that the channel is there and the region is not negative. */
        public OpenFile {
            java.util.Objects.requireNonNull(channel, "channel");
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("offset and length must be >= 0");
            }
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (FileChannel source = channel) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Math.max(length, 1), 16 * 1024));
                long position = offset;
                long end = offset + length;
                while (position < end) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                    int n = source.read(buffer, position);
                    if (n < 0) {
                        throw new IOException("file shrank while it was being sent");
                    }
                    out.write(buffer.array(), 0, n);
                    position += n;
                }
            }
        }

        @Override
        public void release() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written from it; closing only releases the descriptor
            }
        }
    }

    /** A body produced by a {@link Writer}. */
    record Streaming(Writer writer) implements Body {
        @Override
        public long length() {
            return -1;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            writer.write(out);
        }
    }
}
