package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3986 {@code uri-host [ ":" port ]}, as {@link Authority} validates and splits it. */
class AuthorityTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "example.com|example.com|-1",
        "example.com:8080|example.com|8080",
        "EXAMPLE.com:080|EXAMPLE.com|80",
        "example.com:|example.com|-1",              // RFC 3986 3.2.3: an empty port is allowed
        "127.0.0.1|127.0.0.1|-1",
        "127.0.0.1:65535|127.0.0.1|65535",
        "localhost:0|localhost|0",
        "[::1]|[::1]|-1",
        "[::1]:8080|[::1]|8080",
        "[2001:db8::1]|[2001:db8::1]|-1",
        "[2001:DB8:0:0:8:800:200C:417A]|[2001:DB8:0:0:8:800:200C:417A]|-1",
        "[::ffff:192.0.2.128]:443|[::ffff:192.0.2.128]|443",
        "[v7.fe80::a+b]|[v7.fe80::a+b]|-1",         // IPvFuture
        "xn--bcher-kva.example|xn--bcher-kva.example|-1",
        "a_b.example|a_b.example|-1",               // '_' is unreserved
        "caf%C3%A9.example:81|caf%C3%A9.example|81", // pct-encoded reg-name
        "999.1.1.1|999.1.1.1|-1",                   // not an IPv4 address, but a valid reg-name
    })
    void validAuthoritiesSplitIntoHostAndPort(String text, String host, int port) {
        Authority a = Authority.parse(text);
        assertEquals(host, a.host());
        assertEquals(port, a.port());
        assertEquals(text, a.toString());
    }

    @Test
    void everyUnreservedCharacterAndSubDelimIsAllowedInAName() {
        String name = "aZ09-._~!$&'()*+,;=";
        assertEquals(name, Authority.parse(name + ":1").host());
    }

    @Test
    void anEmptyAuthorityIsValidAndEmpty() {
        Authority a = Authority.parse("");
        assertEquals("", a.host());
        assertEquals(-1, a.port());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "example.com:abc|port is not a number",
        "example.com:-1|port is not a number",
        "example.com:99999|port out of range",
        "example.com:65536|port out of range",
        "example.com:1234567890123|port out of range",
        "example.com:80:80|port is not a number",
        "a@b|userinfo is not allowed",
        "user:pass@example.com|userinfo is not allowed",
        "@example.com|userinfo is not allowed",
        "exa mple.com|invalid character in host",
        "\"example.com\"|invalid character in host",
        "<example.com>|invalid character in host",
        "a\\b|invalid character in host",
        "a{b}|invalid character in host",
        "a/b|invalid character in host",
        "a?b|invalid character in host",
        "a#b|invalid character in host",
        "a[b]|invalid character in host",
        "b\u00fccher.example|invalid character in host",
        "a%zz|malformed percent-encoding in host",
        "a%4|malformed percent-encoding in host",
        ":8080|empty host before a port",
        ":|empty host before a port",
        "[::1|IP literal without its closing bracket",
        "[::1]x|characters after the IP literal",
        "[::1]]|characters after the IP literal",
        "[]|malformed IP literal",
        "[example.com]|malformed IP literal",
        "[127.0.0.1]|malformed IP literal",
        "[fe80::1%25eth0]|malformed IP literal",    // zone identifiers are not accepted
        "[v.x]|malformed IP literal",
        "[v1.]|malformed IP literal",
    })
    void invalidAuthoritiesSayWhy(String text, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Authority.validate(text));
        assertEquals(why, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Authority.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "::", "::1", "1::", "1::2", "0:0:0:0:0:0:0:1", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
        "1:2:3:4:5:6::8", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4", "1::1.2.3.4", "ffff:FFFF::abcd",
        "1:2:3:4:5::255.255.255.255", "fe80::0:1",
    })
    void strictIpv6Accepts(String address) {
        assertTrue(Authority.isIpv6(address, 0, address.length()), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ":", ":::", "1", "1:2", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8", "1::2::3", "1:::2", ":1::", "1::2:", "12345::", "g::1", "1:2:3:4:5:6:7:1.2.3.4",
        "::1.2.3", "::1.2.3.4.5", "::256.1.1.1", "::01.1.1.1", "::1.2.3.4:5", "1.2.3.4", "::1 ", " ::1",
        "::1%eth0",
    })
    void strictIpv6Refuses(String address) {
        assertFalse(Authority.isIpv6(address, 0, address.length()), address);
    }
}
