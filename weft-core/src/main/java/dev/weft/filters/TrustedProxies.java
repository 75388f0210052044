package dev.weft.filters;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of address ranges in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32},
 * {@code 127.0.0.1}, {@code ::1}): the proxies whose forwarding headers
 * {@link ForwardedFilter} believes.
 *
 * <p>Matching is exact, bit for bit over the prefix, and never looks a name up: only IP
 * literals are accepted. An IPv4 range matches IPv4 addresses and IPv4-mapped IPv6 ones
 * ({@code ::ffff:10.1.2.3}); an IPv6 range matches IPv6 addresses. Bits past the prefix
 * must be zero ({@code 10.1.2.3/8} is refused as a likely typo for {@code 10.0.0.0/8}).
 */
public final class TrustedProxies {

    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;
    private final List<String> sources;

    private TrustedProxies(List<Range> ranges, List<String> sources) {
        this.ranges = ranges;
        this.sources = sources;
    }

    /**
     * The ranges {@code cidrs} name, each an address with an optional {@code /bits}.
     *
     * @throws IllegalArgumentException if one is not an IP literal, has a prefix length out of
     *                                  range, or has bits set past its prefix; the message
     *                                  names it
     */
    public static TrustedProxies of(String... cidrs) {
        return of(List.of(cidrs));
    }

    /** {@link #of(String...)} for a list. */
    public static TrustedProxies of(List<String> cidrs) {
        List<Range> ranges = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String cidr : cidrs) {
            ranges.add(range(cidr.strip()));
            sources.add(cidr.strip());
        }
        return new TrustedProxies(List.copyOf(ranges), List.copyOf(sources));
    }

    /** A comma-separated list, as {@code weft --trusted-proxies} takes it; see {@link #of(String...)}. */
    public static TrustedProxies parse(String commaSeparated) {
        List<String> parts = new ArrayList<>();
        for (String part : commaSeparated.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty entry in the list of trusted proxies");
            }
            parts.add(part);
        }
        return of(parts);
    }

    private static Range range(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] bytes = parseAddress(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: '" + cidr + "'");
        }
        int max = bytes.length * 8;
        int bits = max;
        if (slash >= 0) {
            String b = cidr.substring(slash + 1);
            if (b.isEmpty() || b.length() > 3 || !b.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
            }
            bits = Integer.parseInt(b);
            if (bits > max) {
                throw new IllegalArgumentException("prefix length over " + max + " in '" + cidr + "'");
            }
        }
        Range range = new Range(bytes, bits);
        byte[] zeroed = bytes.clone();
        for (int i = 0; i < zeroed.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            zeroed[i] &= (byte) ((0xff << (8 - keep)) & 0xff);
        }
        if (!java.util.Arrays.equals(zeroed, bytes)) {
            throw new IllegalArgumentException("'" + cidr + "' has bits set past its prefix length");
        }
        return range;
    }

    /** Whether {@code address} is in one of the ranges. */
    public boolean contains(InetAddress address) {
        return address != null && contains(address.getAddress());
    }

    boolean contains(byte[] address) {
        if (address.length == 16 && isMapped(address)) {
            address = java.util.Arrays.copyOfRange(address, 12, 16);
        }
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** Whether there are no ranges at all. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The ranges, comma-separated, as given. */
    @Override
    public String toString() {
        return String.join(",", sources);
    }

    /**
     * An IP literal, dotted IPv4 or IPv6 (without brackets or a zone), as bytes; {@code null}
     * if {@code text} is not one. Never looks anything up.
     */
    static byte[] parseAddress(String text) {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        return parseIpv4(text, 0, text.length());
    }

    /** {@link #parseAddress} as an {@link InetAddress}, or {@code null}. */
    static InetAddress toInetAddress(String text) {
        byte[] bytes = parseAddress(text);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes); // no lookup: the address is given
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private static byte[] parseIpv4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    private static byte[] parseIpv6(String s) {
        int n = s.length();
        if (n < 2 || n > 45) {
            return null;
        }
        byte[] out = new byte[16];
        int[] groups = new int[8];
        int count = 0;
        int gap = -1; // index in groups where "::" stands
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == n) {
                return out;
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        byte[] v4 = null;
        while (i < n) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < n && i - start < 5 && hexValue(s.charAt(i)) >= 0) {
                value = value * 16 + hexValue(s.charAt(i));
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // an embedded IPv4 address ends the text
                if (count > 6) {
                    return null;
                }
                v4 = parseIpv4(s, start, n);
                if (v4 == null) {
                    return null;
                }
                i = n;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return null;
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return null; // a trailing single colon
            }
        }
        int total = count + (v4 == null ? 0 : 2);
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        int[] full = new int[8];
        int tail = count - (gap < 0 ? count : gap);
        int head = count - tail;
        System.arraycopy(groups, 0, full, 0, head);
        int tailStart = 8 - (v4 == null ? 0 : 2) - tail;
        System.arraycopy(groups, head, full, tailStart, tail);
        for (int g = 0; g < 8; g++) {
            out[2 * g] = (byte) (full[g] >> 8);
            out[2 * g + 1] = (byte) full[g];
        }
        if (v4 != null) {
            System.arraycopy(v4, 0, out, 12, 4);
        }
        return out;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
