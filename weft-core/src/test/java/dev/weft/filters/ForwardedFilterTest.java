package dev.weft.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Request;
import dev.weft.test.FakeRequest;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ForwardedFilterTest {

    private static final ForwardedFilter FILTER = ForwardedFilter.trusting("10.0.0.0/8", "2001:db8::/32", "127.0.0.1");

    private static String client(Request r) {
        return FILTER.resolve(r).remoteAddress().getAddress().getHostAddress();
    }

    private static FakeRequest from(String peer) {
        return new FakeRequest("GET", "/").remote(peer, 5000).header("Host", "internal:8080");
    }

    // ---- CIDR ----

    @Test
    void cidrMatchesBitForBit() throws Exception {
        TrustedProxies p = TrustedProxies.parse("10.0.0.0/8,192.168.1.128/25,2001:db8::/33,::1,0.0.0.0/0");
        assertTrue(TrustedProxies.of("192.168.1.128/25").contains(InetAddress.getByName("192.168.1.255")));
        assertFalse(TrustedProxies.of("192.168.1.128/25").contains(InetAddress.getByName("192.168.1.127")));
        assertTrue(TrustedProxies.of("2001:db8::/33").contains(InetAddress.getByName("2001:db8:7fff::1")));
        assertFalse(TrustedProxies.of("2001:db8::/33").contains(InetAddress.getByName("2001:db8:8000::1")));
        assertTrue(TrustedProxies.of("::1").contains(InetAddress.getByName("::1")));
        assertFalse(TrustedProxies.of("::1").contains(InetAddress.getByName("::2")));
        assertTrue(TrustedProxies.of("10.0.0.0/8").contains(InetAddress.getByAddress(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3})), "IPv4-mapped");
        assertFalse(TrustedProxies.of("10.0.0.0/8").contains(InetAddress.getByName("::a01:203")), "IPv6 is not IPv4");
        assertTrue(TrustedProxies.of("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8")));
        assertEquals("10.0.0.0/8,192.168.1.128/25,2001:db8::/33,::1,0.0.0.0/0", p.toString());
    }

    @Test
    void badCidrsAreRefusedWithoutLookups() {
        for (String bad : new String[] {"localhost", "10.0.0.0/33", "10.1.0.0/8", "10.0.0/8", "010.0.0.1", "1.2.3.4.5",
                "::1/129", "2001:db8::/", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "10.0.0.0/-1", "",
                "１.２.３.４", "[::1]", "256.1.1.1"}) {
            assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/8,,::1"));
    }

    @Test
    void ipv6LiteralsParseInAllForms() throws Exception {
        for (String ip : new String[] {"::", "::1", "1::", "2001:db8::8a2e:370:7334", "2001:DB8:0:0:0:0:0:1",
                "::ffff:192.0.2.1", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4"}) {
            byte[] mine = TrustedProxies.parseAddress(ip);
            assertTrue(mine != null, ip);
            assertEquals(java.util.Arrays.toString(InetAddress.getByName(ip).getAddress().length == 4
                    ? mapped(InetAddress.getByName(ip).getAddress()) : InetAddress.getByName(ip).getAddress()),
                    java.util.Arrays.toString(mine), ip);
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    // ---- X-Forwarded-For ----

    @Test
    void untrustedPeerHeadersAreIgnored() {
        FakeRequest r = from("203.0.113.9").header("X-Forwarded-For", "1.1.1.1")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example");
        Request resolved = FILTER.resolve(r);
        assertSame(r, resolved);
        assertEquals("203.0.113.9", client(r));
        assertEquals("http", resolved.scheme());
        assertEquals("internal:8080", resolved.authority());
    }

    @Test
    void walksRightToLeftPastTrustedHops() {
        FakeRequest r = from("10.0.0.1").header("X-Forwarded-For", "198.51.100.7, 10.0.0.2")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "shop.example");
        Request resolved = FILTER.resolve(r);
        assertEquals("198.51.100.7", resolved.remoteAddress().getAddress().getHostAddress());
        assertEquals("https", resolved.scheme());
        assertEquals("shop.example", resolved.authority());
    }

    @Test
    void aSpoofedLeftMostValueNeverWins() {
        // The client sent "X-Forwarded-For: 6.6.6.6" itself; the trusted proxy appended its real address.
        assertEquals("198.51.100.7", client(from("10.0.0.1").header("X-Forwarded-For", "6.6.6.6, 198.51.100.7")));
        // Even pretending to be a trusted proxy from the left does not help.
        assertEquals("198.51.100.7", client(from("10.0.0.1").header("X-Forwarded-For", "10.9.9.9, 198.51.100.7")));
        // Two lines are one list, in order.
        assertEquals("198.51.100.7", client(from("10.0.0.1").header("X-Forwarded-For", "6.6.6.6")
                .header("X-Forwarded-For", "198.51.100.7")));
        // Garbage on the left is never reached.
        assertEquals("198.51.100.7", client(from("10.0.0.1").header("X-Forwarded-For", "<script>, 198.51.100.7")));
    }

    @Test
    void allTrustedGivesTheLeftMost() {
        assertEquals("10.1.1.1", client(from("10.0.0.1").header("X-Forwarded-For", "10.1.1.1, 10.2.2.2")));
    }

    @Test
    void malformedOrUnknownHopStopsAtTheLastTrustedOne() {
        assertEquals("10.0.0.2", client(from("10.0.0.1").header("X-Forwarded-For", "198.51.100.7, unknown, 10.0.0.2")));
        assertEquals("10.0.0.1", client(from("10.0.0.1").header("X-Forwarded-For", "not-an-ip")));
    }

    @Test
    void ipv6AndPortsInXForwardedFor() {
        FakeRequest r = from("2001:db8::1").header("X-Forwarded-For", "2001:db8:ffff::9, [2400:cb00::1]:4711");
        assertEquals("2400:cb00:0:0:0:0:0:1", client(r));
        assertEquals(4711, FILTER.resolve(r).remoteAddress().getPort());
        assertEquals("198.51.100.7", client(from("127.0.0.1").header("X-Forwarded-For", "198.51.100.7:1234")));
    }

    @Test
    void badProtoAndHostAreIgnored() {
        Request r = FILTER.resolve(from("10.0.0.1").header("X-Forwarded-For", "198.51.100.7")
                .header("X-Forwarded-Proto", "gopher").header("X-Forwarded-Host", "a b@c"));
        assertEquals("198.51.100.7", r.remoteAddress().getAddress().getHostAddress());
        assertEquals("http", r.scheme());
        assertEquals("internal:8080", r.authority());
    }

    @Test
    void protoListsAlignWithTheHopsWalked() {
        // The client sent "X-Forwarded-Proto: https"; the trusted proxy appended what it saw, http.
        Request r = FILTER.resolve(from("10.0.0.1").header("X-Forwarded-For", "198.51.100.7")
                .header("X-Forwarded-Proto", "https, http"));
        assertEquals("http", r.scheme());
    }

    // ---- Forwarded ----

    @Test
    void forwardedWithQuotedIpv6AndPorts() {
        Request r = FILTER.resolve(from("10.0.0.1").header("Forwarded",
                "for=\"[2001:db8:cafe::17]:4711\";proto=https;host=\"shop.example:8443\", for=10.0.0.2"));
        // 2001:db8:cafe::17 is inside 2001:db8::/32, so trusted too: the walk ends at it, the left-most.
        assertEquals("2001:db8:cafe:0:0:0:0:17", r.remoteAddress().getAddress().getHostAddress());
        assertEquals(4711, r.remoteAddress().getPort());
        assertEquals("https", r.scheme());
        assertEquals("shop.example:8443", r.authority());
    }

    @Test
    void forwardedSpoofingAndCase() {
        assertEquals("198.51.100.7", client(from("10.0.0.1").header("Forwarded", "for=6.6.6.6")
                .header("Forwarded", "For=198.51.100.7;PROTO=https")));
        assertEquals("https", FILTER.resolve(from("10.0.0.1").header("Forwarded", "for=6.6.6.6;proto=http, For=198.51.100.7;PROTO=https")).scheme());
    }

    @Test
    void forwardedUnknownAndObfuscatedStop() {
        Request r = FILTER.resolve(from("10.0.0.1").header("Forwarded", "for=198.51.100.7, for=unknown;proto=https, for=10.0.0.3"));
        assertEquals("10.0.0.3", r.remoteAddress().getAddress().getHostAddress());
        assertEquals("https", r.scheme(), "the trusted proxy's view of the scheme stands");
        assertEquals("10.0.0.1", client(from("10.0.0.1").header("Forwarded", "for=_hidden")));
    }

    @Test
    void forwardedWinsOverXForwardedFor() {
        Request r = FILTER.resolve(from("10.0.0.1").header("X-Forwarded-For", "192.0.2.1")
                .header("X-Forwarded-Proto", "http").header("Forwarded", "for=198.51.100.7;proto=https"));
        assertEquals("198.51.100.7", r.remoteAddress().getAddress().getHostAddress());
        assertEquals("https", r.scheme());
    }

    @Test
    void malformedForwardedIsIgnoredNotRejected() {
        for (String bad : new String[] {"for=\"198.51.100.7", "for=198.51.100.7;for=1.2.3.4", "for", "=x",
                "for=[2001:db8::1]", "for=a b", "for=\"x\"y"}) {
            FakeRequest r = from("10.0.0.1").header("Forwarded", bad).header("X-Forwarded-For", "192.0.2.1");
            assertEquals("10.0.0.1", client(r), bad);
        }
        assertNull(ForwardedFilter.parseForwarded(""));
        assertEquals(3, ForwardedFilter.parseForwarded("for=a;by=b, , for=\"c,d\";proto=http ,for=e").size());
    }

    @Test
    void unbracketedIpv6InForwardedIsNotANode() {
        assertNull(ForwardedFilter.node("2001:db8::1"));
        assertEquals(80, ForwardedFilter.node("192.0.2.1:80").getPort());
        assertNull(ForwardedFilter.node("192.0.2.1:99999"));
    }

    @Test
    void worksAsAFilterInFrontOfAHandler() throws Exception {
        String[] seen = new String[1];
        FILTER.filter(from("10.0.0.1").header("X-Forwarded-For", "198.51.100.7"), r -> {
            seen[0] = r.remoteAddress().getAddress().getHostAddress();
            return dev.weft.http.Response.ok();
        });
        assertEquals("198.51.100.7", seen[0]);
    }
}
