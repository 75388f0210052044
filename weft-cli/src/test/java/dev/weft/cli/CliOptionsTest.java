package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.files.StaticFilesConfig;
import dev.weft.filters.BasicAuthFilter;
import dev.weft.filters.CorsFilter;
import dev.weft.filters.ResponseHeadersFilter;
import dev.weft.http.Filter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliOptionsTest {

    @Test
    void aPositionalFolderOrDashDServesIt() throws UsageException {
        assertEquals("site", CliOptions.parse("site").dir);
        assertEquals("site", CliOptions.parse("-d", "site").dir);
        assertEquals("site", CliOptions.parse("--dir", "site").dir);
        assertEquals("site", CliOptions.parse("--dir=site").dir);
        assertEquals("site", CliOptions.parse("-p", "0", "site", "-b", "0.0.0.0").dir);
        assertNull(CliOptions.parse().dir);
    }

    @Test
    void jwebserverStyleShortFlags() throws UsageException {
        CliOptions o = CliOptions.parse("-b", "0.0.0.0", "-p", "8000", "-d", "/srv");
        assertEquals("0.0.0.0", o.host);
        assertEquals(8000, o.port);
        assertEquals("/srv", o.dir);
    }

    @Test
    void staticFileOptions() throws UsageException {
        StaticFilesConfig defaults = CliOptions.parse("x").filesConfig();
        assertEquals(StaticFilesConfig.defaults(), defaults);
        StaticFilesConfig all = CliOptions.parse("x", "--show-hidden", "--follow-links", "--cache", "max-age=3600",
                "--no-compression").filesConfig();
        assertTrue(all.showHidden());
        assertTrue(all.followLinks());
        assertFalse(all.compression());
        assertEquals("max-age=3600", all.cacheControl());
        assertEquals("public, max-age=60", CliOptions.parse("--cache=public, max-age=60").cacheControl);
    }

    @Test
    void badStaticFileOptionsAreUsageErrors() {
        assertThrows(UsageException.class, () -> CliOptions.parse("a", "b"));
        assertThrows(UsageException.class, () -> CliOptions.parse("-d", "a", "b"));
        assertThrows(UsageException.class, () -> CliOptions.parse("--dir"));
        assertThrows(UsageException.class, () -> CliOptions.parse("--cache"));
        assertThrows(UsageException.class, () -> CliOptions.parse("--cache", " "));
        assertThrows(UsageException.class, () -> CliOptions.parse("--cache", "max-age=1\u00e9"));
        assertThrows(UsageException.class, () -> CliOptions.parse("--show-hidden=yes"));
        assertThrows(UsageException.class, () -> CliOptions.parse("--bogus"));
    }

    @Test
    void helpListsTheNewFlags() {
        for (String flag : new String[] {"-d, --dir", "--show-hidden", "--follow-links", "--cache", "--no-compression",
            "[DIR]"}) {
            assertTrue(CliOptions.HELP.contains(flag), flag);
        }
    }

    static final String HEX = "c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a";

    @Test
    void spaAndNoListingGoToTheStaticFileOptions() throws UsageException {
        StaticFilesConfig c = CliOptions.parse("x", "--spa", "--no-listing").filesConfig();
        assertTrue(c.spaFallback());
        assertFalse(c.listing());
        assertThrows(UsageException.class, () -> CliOptions.parse("--spa"), "--spa needs a folder");
        assertThrows(UsageException.class, () -> CliOptions.parse("--no-listing"));
        assertThrows(UsageException.class, () -> CliOptions.parse("x", "--spa=yes"));
    }

    @Test
    void corsOriginsAreCheckedAndNormalized() throws UsageException {
        assertEquals(List.of("*"), CliOptions.parse("--cors", "*").corsOrigins);
        assertEquals(List.of("https://app.example", "http://localhost:3000", "http://[::1]:8080"),
                CliOptions.parse("--cors", "HTTPS://App.Example:443, http://localhost:3000,http://[::1]:8080").corsOrigins);
        assertEquals(List.of(), CliOptions.parse().corsOrigins);
        List<Filter> filters = CliOptions.parse("--cors=https://a.example").filters();
        assertEquals(1, filters.size());
        assertTrue(filters.get(0) instanceof CorsFilter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "app.example", "https://app.example/", "https://app.example/path",
        "https://user@app.example", "https://app.example?x", "*,https://a.example", "null", "https://",
        "https://app.example:99999", "https://ä.example", "https://a.example,,https://b.example", "localhost:3000"})
    void badCorsOriginsAreUsageErrors(String value) {
        UsageException e = assertThrows(UsageException.class, () -> CliOptions.parse("--cors", value));
        assertTrue(e.getMessage().startsWith("option '--cors'"), e.getMessage());
    }

    @Test
    void headersAreRepeatableAndChecked() throws UsageException {
        CliOptions o = CliOptions.parse("--header", "X-Frame-Options: DENY", "--header=Link:</a.css>; rel=preload",
                "--header", "X-Empty:");
        assertEquals("DENY", o.headers.first("X-Frame-Options"));
        assertEquals("</a.css>; rel=preload", o.headers.first("Link"));
        assertEquals("", o.headers.first("X-Empty"));
        assertTrue(o.filters().get(0) instanceof ResponseHeadersFilter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NoColon", ":value", "Bad Name: x", "X-A\u0001: x", "X-Tab:\u0001", "X-Uni: \u20ac",
        "Content-Length: 5", "Transfer-Encoding: chunked", "Date: now", "Connection: close", "Bad(Name): x"})
    void badHeadersAreUsageErrors(String value) {
        UsageException e = assertThrows(UsageException.class, () -> CliOptions.parse("--header", value));
        assertTrue(e.getMessage().startsWith("option '--header'"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aBadHeaderValueIsNotEchoed() {
        UsageException e = assertThrows(UsageException.class,
                () -> CliOptions.parse("--header", "X-Token: s3cret\u0001"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void authTakesUsersWithTheirPasswordDigest() throws UsageException {
        CliOptions o = CliOptions.parse("--auth", "alice:sha256:" + HEX, "--auth", "bob:SHA256:" + HEX.toUpperCase());
        assertEquals(2, o.users.size());
        assertEquals("alice", o.users.get(0)[0]);
        List<Filter> filters = o.filters();
        assertEquals(1, filters.size());
        assertTrue(filters.get(0) instanceof BasicAuthFilter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "alice:secret", "alice:sha256:", "alice:sha256:abc", "alice:md5:" + HEX,
        ":sha256:" + HEX, "alice:sha256:" + HEX + "0", "alice:sha256:zbbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a"})
    void badAuthIsAUsageErrorThatDoesNotEchoTheValue(String value) {
        UsageException e = assertThrows(UsageException.class, () -> CliOptions.parse("--auth", value));
        assertTrue(e.getMessage().startsWith("option '--auth'"), e.getMessage());
        assertTrue(e.getMessage().contains("sha256sum"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void aUserGivenTwiceIsAUsageError() {
        assertThrows(UsageException.class,
                () -> CliOptions.parse("--auth", "a:sha256:" + HEX, "--auth", "a:sha256:" + HEX));
    }

    @Test
    void repeatableOptionsAreBounded() {
        String[] args = new String[2 * (CliOptions.MAX_REPEATS + 1)];
        for (int i = 0; i < args.length; i += 2) {
            args[i] = "--header";
            args[i + 1] = "X-N" + i + ": 1";
        }
        assertThrows(UsageException.class, () -> CliOptions.parse(args));
    }

    @Test
    void filtersRunCorsThenHeadersThenAuth() throws UsageException {
        List<Filter> filters = CliOptions.parse("--auth", "a:sha256:" + HEX, "--header", "X-A: 1",
                "--cors", "https://a.example").filters();
        assertEquals(3, filters.size());
        assertTrue(filters.get(0) instanceof CorsFilter);
        assertTrue(filters.get(1) instanceof ResponseHeadersFilter);
        assertTrue(filters.get(2) instanceof BasicAuthFilter);
        // * with --auth: no credentials (the CORS filter would refuse the combination).
        assertEquals(2, CliOptions.parse("--auth", "a:sha256:" + HEX, "--cors", "*").filters().size());
    }

    // --- the environment ---------------------------------------------------------------

    @Test
    void everyOptionHasItsVariable() {
        List<String> vars = CliOptions.environmentVariables();
        for (String v : new String[] {"WEFT_DIR", "WEFT_BIND", "WEFT_PORT", "WEFT_SHOW_HIDDEN", "WEFT_FOLLOW_LINKS",
            "WEFT_CACHE", "WEFT_NO_COMPRESSION", "WEFT_NO_LISTING", "WEFT_SPA", "WEFT_CORS", "WEFT_HEADER", "WEFT_AUTH",
            "WEFT_WORKERS", "WEFT_QUEUE", "WEFT_MAX_CONNECTIONS", "WEFT_BACKLOG", "WEFT_SHUTDOWN_TIMEOUT",
            "WEFT_IDLE_TIMEOUT", "WEFT_HEADER_TIMEOUT", "WEFT_READ_TIMEOUT", "WEFT_MIN_BODY_RATE", "WEFT_WRITE_TIMEOUT",
            "WEFT_MAX_BODY", "WEFT_HEALTH", "WEFT_DRAIN_DELAY", "WEFT_ACCESS_LOG", "WEFT_ACCESS_LOG_FORMAT",
            "WEFT_TRUSTED_PROXIES"}) {
            assertTrue(vars.contains(v), v);
        }
        assertEquals(28, vars.size(), "every option but --help and --version: " + vars);
    }

    @Test
    void operabilityOptions() throws UsageException {
        CliOptions o = CliOptions.parse(Map.of("WEFT_DRAIN_DELAY", "10s", "WEFT_ACCESS_LOG_FORMAT", "JSON"),
                "--health", "/_/health", "--access-log", "-", "--trusted-proxies", "10.0.0.0/8, ::1");
        assertEquals("/_/health", o.healthPrefix);
        assertEquals(java.time.Duration.ofSeconds(10), o.drainDelay);
        assertEquals("-", o.accessLog);
        assertEquals(dev.weft.filters.AccessLogWriter.Format.JSON, o.accessLogFormat);
        assertEquals("10.0.0.0/8,::1", o.trustedProxies.toString());
        assertEquals(java.time.Duration.ZERO, CliOptions.parse().drainDelay);
        assertEquals(java.time.Duration.ofMinutes(5), CliOptions.parse("--drain-delay", "5m").drainDelay);
        UsageException bad = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> CliOptions.parse("--trusted-proxies", "10.0.0.0/8,example.com"));
        assertTrue(bad.getMessage().contains("example.com"), bad.getMessage());
    }

    @Test
    void variablesSetWhatTheCommandLineDoesNot() throws UsageException {
        CliOptions o = CliOptions.parse(Map.of(
                "WEFT_PORT", "8080", "WEFT_BIND", "0.0.0.0", "WEFT_DIR", "site", "WEFT_SPA", "yes",
                "WEFT_NO_COMPRESSION", "TRUE", "WEFT_SHOW_HIDDEN", "0", "WEFT_MAX_BODY", "64k",
                "WEFT_IDLE_TIMEOUT", "5s", "WEFT_CORS", "https://a.example", "WEFT_WORKERS", "4"));
        assertEquals(8080, o.port);
        assertEquals("0.0.0.0", o.host);
        assertEquals("site", o.dir);
        assertTrue(o.spa);
        assertFalse(o.compression);
        assertFalse(o.showHidden);
        assertEquals(64 << 10, o.maxBody);
        assertEquals(Duration.ofSeconds(5), o.idleTimeout);
        assertEquals(List.of("https://a.example"), o.corsOrigins);
        assertEquals(4, o.workers);
    }

    @Test
    void theCommandLineWins() throws UsageException {
        Map<String, String> env = Map.of("WEFT_PORT", "8080", "WEFT_DIR", "site", "WEFT_HEADER", "X-A: env",
                "WEFT_AUTH", "env:sha256:" + HEX);
        CliOptions o = CliOptions.parse(env, "-p", "9090", "other", "--header", "X-B: cli", "--auth", "cli:sha256:" + HEX);
        assertEquals(9090, o.port);
        assertEquals("other", o.dir, "a positional DIR wins over WEFT_DIR, without 'only one folder'");
        assertEquals(null, o.headers.first("X-A"), "a repeatable option on the command line replaces the variable's list");
        assertEquals("cli", o.headers.first("X-B"));
        assertEquals(1, o.users.size());
        assertEquals("cli", o.users.get(0)[0]);
        assertEquals("site", CliOptions.parse(env, "-p", "9090").dir);
    }

    @Test
    void repeatableVariablesTakeOneValuePerLine() throws UsageException {
        CliOptions o = CliOptions.parse(Map.of(
                "WEFT_HEADER", "X-Frame-Options: DENY\r\n\nLink: <a>, <b>\n  X-C: 1  \n",
                "WEFT_AUTH", "alice:sha256:" + HEX + "\nbob:sha256:" + HEX));
        assertEquals("DENY", o.headers.first("X-Frame-Options"));
        assertEquals("<a>, <b>", o.headers.first("Link"), "a comma belongs to the value");
        assertEquals("1", o.headers.first("X-C"));
        assertEquals(3, o.headers.size());
        assertEquals(2, o.users.size());
    }

    @Test
    void anEmptyVariableIsUnset() throws UsageException {
        CliOptions o = CliOptions.parse(Map.of("WEFT_PORT", "", "WEFT_SPA", ""));
        assertEquals(7878, o.port);
        assertFalse(o.spa);
    }

    @ParameterizedTest
    @ValueSource(strings = {"WEFT_PORT=abc", "WEFT_PORT=70000", "WEFT_SPA=maybe", "WEFT_NO_LISTING=on",
        "WEFT_CORS=app.example", "WEFT_HEADER=Bad Name: x", "WEFT_AUTH=alice:secret", "WEFT_MAX_BODY=lots",
        "WEFT_IDLE_TIMEOUT=0", "WEFT_BIND= ", "WEFT_CACHE=max-age=1\u00e9"})
    void aBadVariableIsAUsageErrorNamingIt(String assignment) {
        String name = assignment.substring(0, assignment.indexOf('='));
        String value = assignment.substring(assignment.indexOf('=') + 1);
        UsageException e = assertThrows(UsageException.class, () -> CliOptions.parse(Map.of(name, value), "dir"));
        assertTrue(e.getMessage().startsWith("environment variable " + name), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aBadVariableDoesNotMatterWhenTheCommandLineGivesTheOption() throws UsageException {
        assertEquals(1, CliOptions.parse(Map.of("WEFT_PORT", "abc"), "-p", "1").port);
        assertTrue(CliOptions.parse(Map.of("WEFT_PORT", "abc"), "--help").help);
    }

    @Test
    void helpListsTheEverydayFlagsAndTheEnvironment() {
        for (String flag : new String[] {"--cors", "--spa", "--header NAME:VALUE", "--no-listing", "--auth USER:sha256:HEX",
            "sha256sum", "WEFT_PORT", "WEFT_"}) {
            assertTrue(CliOptions.HELP.contains(flag), flag);
        }
    }
}
