package dev.weft.files;

import dev.weft.http.Body;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/byteranges} body (RFC 9110, 14.6) for several ranges of one file. Its
 * length is computed up front so it is sent with {@code Content-Length}; the parts are read
 * through one small buffer, whatever the ranges add up to.
 */
final class MultipartByteRanges implements Body {

    private static final int BUFFER = 16 * 1024;

    private final FileChannel file;
    private final List<ByteRange> ranges;
    private final String boundary;
    private final byte[][] partHeads;
    private final byte[] tail;
    private final long length;

    /** {@code file} is read for the parts and closed when the body is sent or released. */
    MultipartByteRanges(FileChannel file, long fileLength, String contentType, List<ByteRange> ranges) {
        this.file = file;
        this.ranges = ranges;
        this.boundary = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        this.partHeads = new byte[ranges.size()][];
        long total = 0;
        for (int i = 0; i < ranges.size(); i++) {
            ByteRange r = ranges.get(i);
            // Each part: delimiter, its fields, a blank line, the bytes; the CRLF before each
            // delimiter belongs to the delimiter (RFC 2046), the first one has none.
            String head = (i == 0 ? "" : "\r\n") + "--" + boundary + "\r\n"
                    + "Content-Type: " + contentType + "\r\n"
                    + "Content-Range: " + r.contentRange(fileLength) + "\r\n\r\n";
            partHeads[i] = head.getBytes(StandardCharsets.ISO_8859_1);
            total += partHeads[i].length + r.length();
        }
        this.tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.length = total + tail.length;
    }

    /** The {@code Content-Type} of the whole body. */
    String contentType() {
        return "multipart/byteranges; boundary=" + boundary;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (FileChannel channel = file) {
            byte[] buffer = new byte[BUFFER];
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            for (int i = 0; i < ranges.size(); i++) {
                out.write(partHeads[i]);
                ByteRange r = ranges.get(i);
                long position = r.first();
                long left = r.length();
                while (left > 0) {
                    wrapped.clear().limit((int) Math.min(buffer.length, left));
                    int n = channel.read(wrapped, position);
                    if (n < 0) {
                        throw new IOException("file shrank while it was being sent");
                    }
                    out.write(buffer, 0, n);
                    position += n;
                    left -= n;
                }
            }
            out.write(tail);
        }
    }

    @Override
    public void release() {
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing was read from it; closing only releases the descriptor
        }
    }
}
