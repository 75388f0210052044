package dev.weft.http1;

import dev.weft.http.RequestLimits;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;

/** Shared by the fuzz targets: how a fuzz input becomes a wire, and what answers are allowed. */
final class FuzzSupport {

    private FuzzSupport() {
    }

    /** The statuses a {@link ProtocolException} from the codec may carry. */
    static final Set<Integer> CODEC_STATUSES = Set.of(400, 413, 414, 417, 431, 501, 505);

    /**
     * The smallest limits {@link RequestLimits} allows, so that short inputs reach every limit
     * (414, 431, 413) as well as every syntax rule.
     */
    static final RequestLimits SMALL = new RequestLimits(64, 256, 8, 1000, 100);

    /** The first byte of an input says how many bytes each socket read returns (1-64). */
    static int readSize(byte[] input) {
        return input.length == 0 ? 64 : (input[0] & 0x3f) + 1;
    }

    /** The bytes on the wire: the input after its first byte. */
    static byte[] wire(byte[] input) {
        return input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
    }

    /** A socket stand-in that returns at most {@code step} bytes per read, then EOF. */
    static InputStream trickle(byte[] bytes, int step) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    static ConnectionInput input(byte[] bytes, int step, RequestLimits limits) {
        return new ConnectionInput(trickle(bytes, step), limits, () -> { });
    }
}
