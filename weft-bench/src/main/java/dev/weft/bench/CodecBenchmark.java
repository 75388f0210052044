package dev.weft.bench;

import dev.weft.http.Handler;
import dev.weft.http.Response;
import dev.weft.http.RequestLimits;
import dev.weft.http1.ConnectionInput;
import dev.weft.http1.ConnectionOutput;
import dev.weft.http1.RequestHead;
import dev.weft.http1.RequestHeadParser;
import dev.weft.http1.ResponseWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The HTTP/1.1 codec on in-memory streams: parsing request heads, writing responses, and one
 * whole plaintext keep-alive exchange (read the head from the connection buffer, call the
 * handler, write the response), as the server does it per request.
 *
 * <pre>
 * java -jar weft-bench/target/benchmarks.jar CodecBenchmark -prof gc
 * </pre>
 * {@code gc.alloc.rate.norm} is the bytes allocated per operation, i.e. per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

    /** What wrk sends: the request line and Host. */
    static final byte[] WRK = ("GET / HTTP/1.1\r\nHost: 127.0.0.1:27200\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    /** What a browser sends: a dozen fields. */
    static final byte[] BROWSER = ("GET /todos/42?sort=asc&page=2 HTTP/1.1\r\n"
            + "Host: localhost:8080\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            + "Accept-Language: en-GB,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Connection: keep-alive\r\n"
            + "Cookie: session=2f8e6a1b9c; theme=dark\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "Sec-Fetch-Dest: document\r\n"
            + "Sec-Fetch-Mode: navigate\r\n"
            + "Sec-Fetch-Site: none\r\n"
            + "Priority: u=0, i\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII);

    /** The benchmark's handler, as in {@link HelloServer}. */
    static final Handler HELLO = request -> request.path().equals("/")
            ? Response.text("Hello, World!")
            : Response.error(404, "Not Found");

    private final RequestLimits limits = RequestLimits.DEFAULTS;
    private ConnectionInput input;
    private ConnectionOutput output;
    private ResponseWriter writer;

    @Setup
    public void setup() {
        // A keep-alive client that sends the same request forever, and a socket that swallows.
        input = new ConnectionInput(new Repeating(WRK), limits, () -> { });
        output = new ConnectionOutput(OutputStream.nullOutputStream());
        writer = new ResponseWriter(output);
    }

    @Benchmark
    public RequestHead parseWrkHead() throws IOException {
        return RequestHeadParser.parse(WRK, 0, WRK.length, limits);
    }

    @Benchmark
    public RequestHead parseBrowserHead() throws IOException {
        return RequestHeadParser.parse(BROWSER, 0, BROWSER.length, limits);
    }

    @Benchmark
    public long writeHelloResponse() throws IOException {
        writer.write(Response.text("Hello, World!"), true, false, true);
        output.flush();
        return output.bytesWritten();
    }

    /** One keep-alive request end to end, minus the socket: read, parse, handle, write, flush. */
    @Benchmark
    public long keepAliveExchange() throws Exception {
        RequestHead head = input.readHead(() -> { });
        Response response = HELLO.handle(new BenchRequest(head));
        writer.write(response, head.isHttp11(), head.isHead(), head.keepAlive());
        output.flush();
        return output.bytesWritten();
    }

    /** An endless stream of one request, served in reads of up to the caller's buffer size. */
    static final class Repeating extends InputStream {
        private final byte[] request;
        private int pos;

        Repeating(byte[] request) {
            this.request = request;
        }

        @Override
        public int read() {
            int b = request[pos] & 0xff;
            pos = (pos + 1) % request.length;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            // One request per read, as a keep-alive client waiting for each answer sends it.
            int n = Math.min(len, request.length - pos);
            System.arraycopy(request, pos, b, off, n);
            pos = (pos + n) % request.length;
            return n;
        }
    }
}
