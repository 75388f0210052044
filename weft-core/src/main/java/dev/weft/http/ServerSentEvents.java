package dev.weft.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events ({@code text/event-stream}): a response that stays open and pushes
 * events as the handler produces them.
 *
 * <pre>{@code
 * return ServerSentEvents.response(events -> {
 *     for (int i = 1; i <= 3; i++) {
 *         events.send("tick", Integer.toString(i));
 *     }
 * });
 * }</pre>
 *
 * <p>Each event is flushed to the client as soon as it is sent. The producer runs while the
 * response is written, on the connection's thread; when the client goes away,
 * {@link Emitter#send} throws {@link IOException} and the producer should return.
 */
public final class ServerSentEvents {

    private ServerSentEvents() {
    }

    /** Produces the events of one stream. */
    @FunctionalInterface
    public interface Producer {
        /** Sends events until done; returning ends the stream. */
        void produce(Emitter events) throws IOException;
    }

    /** A {@code 200} response streaming the events {@code producer} sends. */
    public static Response response(Producer producer) {
        return Response.ok()
                .contentType("text/event-stream; charset=utf-8")
                .header("Cache-Control", "no-cache")
                .body(Body.streaming(out -> producer.produce(new Emitter(out))));
    }

    /** Writes events in the {@code text/event-stream} format and flushes each one. */
    public static final class Emitter {
        private final OutputStream out;

        Emitter(OutputStream out) {
            this.out = out;
        }

        /** Sends an unnamed event (a {@code message} in the browser's EventSource). */
        public void send(String data) throws IOException {
            send(null, null, data);
        }

        /** Sends an event named {@code event}. */
        public void send(String event, String data) throws IOException {
            send(event, null, data);
        }

        /**
         * Sends an event. Multi-line data becomes several {@code data:} lines, as the format
         * requires; {@code event} and {@code id} must be single lines.
         *
         * @param event the event name, or {@code null}
         * @param id    the event id (sent back by a reconnecting client), or {@code null}
         * @param data  the payload
         */
        public void send(String event, String id, String data) throws IOException {
            StringBuilder sb = new StringBuilder();
            if (event != null) {
                sb.append("event: ").append(singleLine("event", event)).append('\n');
            }
            if (id != null) {
                sb.append("id: ").append(singleLine("id", id)).append('\n');
            }
            for (String line : data.split("\r\n|\r|\n", -1)) {
                sb.append("data: ").append(line).append('\n');
            }
            write(sb.append('\n'));
        }

        /** Sends a comment line, which clients ignore: keeps idle proxies from closing the stream. */
        public void comment(String text) throws IOException {
            write(new StringBuilder(": ").append(singleLine("comment", text)).append("\n\n"));
        }

        private void write(CharSequence text) throws IOException {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private static String singleLine(String what, String value) {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("SSE " + what + " must not contain line breaks");
            }
            return value;
        }
    }
}
