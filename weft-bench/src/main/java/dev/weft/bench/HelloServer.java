package dev.weft.bench;

import dev.weft.http.Response;
import dev.weft.server.Server;
import dev.weft.server.ServerConfig;

/**
 * The hello-world server of the load benchmark, written with the public API exactly as a
 * user would: {@code GET /} answers {@code Hello, World!} as {@code text/plain} (what the
 * Java peers in bench/peers answer), every other path {@code 404}.
 *
 * <pre>
 * java -cp weft-bench/target/benchmarks.jar dev.weft.bench.HelloServer PORT [WORKERS]
 * </pre>
 * WORKERS 0 (the default) serves on virtual threads, N &gt; 0 on N platform workers.
 */
public final class HelloServer {

    private HelloServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        ServerConfig.Builder builder = workers > 0 ? ServerConfig.builder().workers(workers)
                : ServerConfig.builder().virtualThreads();
        ServerConfig config = builder
                .port(port)
                .maxConnections(20_000) // room for the 10,000-idle-connection memory test
                .queueCapacity(20_000)  // fixed workers: 1,000 clients connect at once in ka1000
                .build();
        try (Server server = Server.start(config, request -> request.path().equals("/")
                ? Response.text("Hello, World!")
                : Response.error(404, "Not Found"))) {
            System.out.println("listening on " + server.address());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            server.awaitShutdown();
        }
    }
}
