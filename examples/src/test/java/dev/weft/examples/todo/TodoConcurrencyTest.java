package dev.weft.examples.todo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 200 clients at once, each with its own todo through its whole life: every client must get
 * exactly its own answers, ids must be unique, and the list must be empty at the end.
 */
class TodoConcurrencyTest {

    static final int CLIENTS = 200;
    static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    @Test
    void everyOneOf200ConcurrentClientsGetsTheRightAnswers() throws Exception {
        try (Server server = Server.start(ServerConfig.builder().port(0).build(), TodoApp.router(new TodoStore(), e -> { }));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            // One HttpClient per client: 200 separate connections, as 200 users would open.
            String base = "http://127.0.0.1:" + server.port();
            CountDownLatch go = new CountDownLatch(1);
            Set<Long> ids = ConcurrentHashMap.newKeySet();
            List<Future<String>> results = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                results.add(clients.submit(() -> {
                    go.await();
                    return lifeOfOneTodo(base, client, ids);
                }));
            }
            go.countDown();
            for (int c = 0; c < CLIENTS; c++) {
                assertEquals("ok", results.get(c).get(), "client " + c);
            }
            assertEquals(CLIENTS, ids.size(), "ids must be unique");
            HttpClient http = HttpClient.newHttpClient();
            assertEquals("[]", http.send(HttpRequest.newBuilder(URI.create(base + "/todos")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    /** Creates, reads, updates, reads and deletes one todo; returns "ok" or what went wrong. */
    private static String lifeOfOneTodo(String base, int client, Set<Long> ids) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        String title = "todo of client " + client;
        HttpResponse<String> created = send(http, "POST", base + "/todos", "{\"title\":\"" + title + "\"}");
        if (created.statusCode() != 201) {
            return "create: " + created.statusCode() + " " + created.body();
        }
        Matcher m = ID.matcher(created.body());
        assertTrue(m.find(), created.body());
        long id = Long.parseLong(m.group(1));
        ids.add(id);
        String expected = "{\"id\":" + id + ",\"title\":\"" + title + "\",\"done\":false}";
        if (!created.body().equals(expected)) {
            return "create body: " + created.body();
        }
        HttpResponse<String> read = send(http, "GET", base + "/todos/" + id, null);
        if (!read.body().equals(expected)) {
            return "read: " + read.body();
        }
        String done = "{\"id\":" + id + ",\"title\":\"" + title + " (done)\",\"done\":true}";
        HttpResponse<String> updated = send(http, "PUT", base + "/todos/" + id, "{\"title\":\"" + title + " (done)\",\"done\":true}");
        if (!updated.body().equals(done)) {
            return "update: " + updated.body();
        }
        HttpResponse<String> reread = send(http, "GET", base + "/todos/" + id, null);
        if (!reread.body().equals(done)) {
            return "reread: " + reread.body();
        }
        HttpResponse<String> deleted = send(http, "DELETE", base + "/todos/" + id, null);
        if (deleted.statusCode() != 204) {
            return "delete: " + deleted.statusCode();
        }
        HttpResponse<String> gone = send(http, "GET", base + "/todos/" + id, null);
        return gone.statusCode() == 404 ? "ok" : "after delete: " + gone.statusCode();
    }

    private static HttpResponse<String> send(HttpClient http, String method, String uri, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
