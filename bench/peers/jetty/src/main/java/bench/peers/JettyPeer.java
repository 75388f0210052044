package bench.peers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** Jetty 12 core, no servlets: the default thread pool, one connector, a non-blocking handler. */
public final class JettyPeer {
    public static void main(String[] args) throws Exception {
        byte[] hello = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!Request.getPathInContext(request).equals("/")) {
                    Response.writeError(request, response, callback, 404);
                    return true;
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, hello.length);
                response.write(true, ByteBuffer.wrap(hello), callback);
                return true;
            }
        });
        server.start();
        System.out.println("jetty on 127.0.0.1:" + connector.getLocalPort());
        server.join();
    }
}
