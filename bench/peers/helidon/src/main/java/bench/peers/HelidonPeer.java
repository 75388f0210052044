package bench.peers;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;

/** Helidon 4 SE with its defaults: a virtual thread per connection. Other paths get Helidon's 404. */
public final class HelidonPeer {
    public static void main(String[] args) {
        byte[] hello = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .routing(r -> r.get("/", (req, res) -> res.header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN).send(hello)))
                .build()
                .start();
        System.out.println("helidon on 127.0.0.1:" + server.port());
    }
}
