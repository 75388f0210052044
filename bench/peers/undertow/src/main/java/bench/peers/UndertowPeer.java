package bench.peers;

import io.undertow.Undertow;
import io.undertow.util.Headers;

/** Undertow with the builder's defaults; the handler runs on the I/O thread. */
public final class UndertowPeer {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(exchange -> {
                    if (!exchange.getRequestPath().equals("/")) {
                        exchange.setStatusCode(404).endExchange();
                        return;
                    }
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send("Hello, World!");
                })
                .build()
                .start();
        System.out.println("undertow on 127.0.0.1:" + port);
    }
}
