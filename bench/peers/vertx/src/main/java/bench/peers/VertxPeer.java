package bench.peers;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/** Vert.x 5 core: one server verticle per available core, the default (NIO) transport. */
public final class VertxPeer extends VerticleBase {
    private static final Buffer HELLO = Buffer.buffer("Hello, World!");
    private final int port;

    private VertxPeer(int port) {
        this.port = port;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int instances = Runtime.getRuntime().availableProcessors();
        Vertx.vertx().deployVerticle(() -> new VertxPeer(port), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("vertx on 127.0.0.1:" + port + ", " + instances + " verticles"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer()
                .requestHandler(req -> {
                    if (!req.path().equals("/")) {
                        req.response().setStatusCode(404).end();
                    } else {
                        req.response().putHeader("content-type", "text/plain").end(HELLO);
                    }
                })
                .listen(port, "127.0.0.1");
    }
}
