package dev.weft.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Handler;
import dev.weft.http.Response;
import dev.weft.test.FakeRequest;
import dev.weft.test.RawClient;
import dev.weft.test.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasicAuthFilterTest {

    /** {@code printf %s 'correct horse battery staple' | sha256sum} */
    static final String ALICE_SHA256 = "c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a";
    static final String CHALLENGE = "Basic realm=\"weft\", charset=\"UTF-8\"";

    static TestServer server;
    static final AtomicInteger handled = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        Handler hello = request -> {
            handled.incrementAndGet();
            return Response.text("hello " + request.require(BasicAuthFilter.User.class).name());
        };
        server = TestServer.start(BasicAuthFilter.builder()
                .userSha256("alice", ALICE_SHA256)
                .user("jürgen", "pässwörd:with:colons")
                .build()
                .wrap(hello));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDigestIsWhatSha256sumPrints() {
        assertEquals(ALICE_SHA256, BasicAuthFilter.sha256Hex("correct horse battery staple"));
    }

    @Test
    void theRightPasswordGets200AndTheUser() throws Exception {
        RawClient.Reply r = RawClient.get(server.uri("/").getPort(), "/",
                "Authorization: " + basic("alice:correct horse battery staple"));
        assertEquals(200, r.status());
        assertEquals("hello alice", r.text());
        assertNull(r.header("WWW-Authenticate"));
    }

    @Test
    void credentialsAreUtf8AndThePasswordMayHoldColons() throws Exception {
        var r = server.get("/", "Authorization", basic("jürgen:pässwörd:with:colons"));
        assertEquals(200, r.statusCode());
        assertEquals("hello jürgen", r.body());
        // The same name in ISO-8859-1 is another name.
        String latin1 = "Basic " + Base64.getEncoder().encodeToString(
                "jürgen:pässwörd:with:colons".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(401, server.get("/", "Authorization", latin1).statusCode());
    }

    @Test
    void theSchemeIsCaseInsensitive() throws Exception {
        String token = basic("alice:correct horse battery staple").substring(6);
        assertEquals(200, server.get("/", "Authorization", "bAsIc  " + token).statusCode());
    }

    @Test
    void noCredentialsGet401WithTheChallengeAndNeverReachTheHandler() throws Exception {
        int before = handled.get();
        RawClient.Reply r = RawClient.get(server.uri("/").getPort(), "/");
        assertEquals(401, r.status());
        assertEquals(CHALLENGE, r.header("WWW-Authenticate"));
        assertEquals(before, handled.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice:wrong", "alice:", "alice:correct horse battery stapl",
        "alice:correct horse battery staple ", "Alice:correct horse battery staple",
        "bob:correct horse battery staple", ":correct horse battery staple", "jürgen:correct horse battery staple"})
    void aWrongPasswordOrUnknownUserGets401(String credentials) throws Exception {
        var r = server.get("/", "Authorization", basic(credentials));
        assertEquals(401, r.statusCode(), credentials);
        assertEquals(CHALLENGE, r.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic", "Basic ", "Basic !!!!", "Basic YWxpY2U=", "Bearer abc", "Digest username=alice",
        "Basic YWxpY2U6Y29ycmVjdCBob3JzZQ", "Basic ////", "Basicabc", "Basic w6g6w6g=", "Basic /w==",
        "Basic YWxpY2UKOng="})
    void malformedAuthorizationGets401Not500(String value) throws Exception {
        var r = server.get("/", "Authorization", value);
        assertEquals(401, r.statusCode(), value);
    }

    @Test
    void twoAuthorizationFieldsOrAHugeOneGet401() throws Exception {
        String good = basic("alice:correct horse battery staple");
        int port = server.uri("/").getPort();
        assertEquals(401, RawClient.get(port, "/", "Authorization: " + good, "Authorization: " + good).status());
        String huge = basic("alice:" + "x".repeat(BasicAuthFilter.MAX_CREDENTIALS));
        assertEquals(401, RawClient.get(port, "/", "Authorization: " + huge).status());
    }

    @Test
    void aClientThatWantsJsonGetsAJson401() throws Exception {
        var r = server.get("/", "Accept", "application/json");
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("\"status\":401"), r.body());
    }

    @Test
    void everyUserIsComparedInFullWhateverTheNameWithTheConstantTimeCompare() {
        List<String> compared = new ArrayList<>();
        BasicAuthFilter filter = BasicAuthFilter.builder()
                .userSha256("alice", ALICE_SHA256)
                .user("bob", "hunter2")
                .user("carol", "secret")
                .build((a, b) -> {
                    compared.add(a.length + "/" + b.length);
                    return MessageDigest.isEqual(a, b);
                });
        for (String credentials : new String[] {"alice:correct horse battery staple", "alice:wrong", "bob:hunter2",
            "mallory:hunter2", "carol:x"}) {
            compared.clear();
            filter.authenticate(List.of(basic(credentials)));
            // Two 32-byte digests (name, password) per configured user, known name or not, right or wrong.
            assertEquals(List.of("32/32", "32/32", "32/32", "32/32", "32/32", "32/32"), compared, credentials);
        }
        assertEquals("bob", filter.authenticate(List.of(basic("bob:hunter2"))));
        assertNull(filter.authenticate(List.of(basic("mallory:hunter2"))));
        assertNull(filter.authenticate(List.of(basic("carol:hunter2"))));
    }

    @Test
    void theFilterUsesMessageDigestIsEqualByDefault() throws Exception {
        // The default comparison is MessageDigest.isEqual: equal digests pass, one flipped bit does not.
        BasicAuthFilter filter = BasicAuthFilter.builder().user("u", "p").build();
        assertEquals("u", filter.authenticate(List.of(basic("u:p"))));
        assertNull(filter.authenticate(List.of(basic("u:q"))));
        var response = filter.filter(new FakeRequest("GET", "/"), r -> Response.text("in"));
        assertEquals(401, response.status());
        assertEquals(CHALLENGE, response.headers().first("WWW-Authenticate"));
    }

    @Test
    void badConfigurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BasicAuthFilter.builder().userSha256("a:b", ALICE_SHA256));
        assertThrows(IllegalArgumentException.class, () -> BasicAuthFilter.builder().userSha256("", ALICE_SHA256));
        assertThrows(IllegalArgumentException.class, () -> BasicAuthFilter.builder().userSha256("a", "abc"));
        assertThrows(IllegalArgumentException.class,
                () -> BasicAuthFilter.builder().userSha256("a", "g".repeat(64)));
        assertThrows(IllegalArgumentException.class,
                () -> BasicAuthFilter.builder().user("a", "x").user("a", "y"));
        assertThrows(IllegalArgumentException.class, () -> BasicAuthFilter.builder().realm("a\"b"));
        assertThrows(IllegalStateException.class, () -> BasicAuthFilter.builder().build());
    }

    @Test
    void theRealmIsConfigurable() throws Exception {
        BasicAuthFilter filter = BasicAuthFilter.builder().realm("files").user("u", "p").build();
        var response = filter.filter(new FakeRequest("GET", "/"), r -> Response.text("in"));
        assertEquals("Basic realm=\"files\", charset=\"UTF-8\"", response.headers().first("WWW-Authenticate"));
        var in = filter.filter(new FakeRequest("GET", "/").header("Authorization", basic("u:p")), r -> Response.text("in"));
        assertEquals(200, in.status());
    }
}
