package dev.weft.http;

/**
 * The authority a request was sent to, {@code uri-host [ ":" port ]} (RFC 3986 3.2,
 * RFC 9110 7.2), split into its host and port; see {@link Request#authority()}.
 *
 * <p>{@link #validate} is the syntax every transport applies before a handler runs: a host
 * that is an IP literal in brackets ({@code [::1]}, checked as a strict IPv6 address or an
 * {@code IPvFuture}, never looked up), or a reg-name of unreserved characters, sub-delims and
 * percent-encodings (which covers IPv4 addresses and names such as {@code a_b.example} or
 * {@code xn--bcher-kva.example}); then optionally a colon and a port of digits, at most 65535.
 * Refused: userinfo ({@code user@host}, deprecated in HTTP URIs by RFC 9110 4.2.4), any other
 * character (space, {@code "}, {@code <}, {@code \}, an opening brace, non-ASCII), IPv6 zone
 * identifiers, and an empty host followed by a port. An empty authority is valid: an HTTP/1.1
 * client sends an empty {@code Host} for a target URI without one (RFC 9112 3.2). An empty
 * port after the colon is valid too (RFC 3986 3.2.3), and means no port.
 *
 * <pre>{@code
 * Authority a = Authority.parse(request.authority());   // "[::1]:8080"
 * a.host();                                             // "[::1]"
 * a.port();                                             // 8080
 * }</pre>
 */
public final class Authority {

    private static final int MAX_PORT = 65535;

    private final String text;
    private final String host;
    private final int port;

    private Authority(String text, String host, int port) {
        this.text = text;
        this.host = host;
        this.port = port;
    }

    /**
     * Parses and validates {@code authority}.
     *
     * @throws IllegalArgumentException if it is not a valid {@code uri-host [ ":" port ]}; the
     *                                  message says what is wrong
     */
    public static Authority parse(String authority) {
        int hostEnd = validate(authority);
        int port = -1;
        if (hostEnd + 1 < authority.length()) {
            port = Integer.parseInt(authority, hostEnd + 1, authority.length(), 10);
        }
        return new Authority(authority, authority.substring(0, hostEnd), port);
    }

    /**
     * Checks that {@code authority} is a valid {@code uri-host [ ":" port ]}, without building
     * anything: what a transport calls for every request.
     *
     * @return the index where the host ends: the length, or the index of the colon before the port
     * @throws IllegalArgumentException if it is not valid; the message says what is wrong and
     *                                  never repeats the text, which a client chose
     */
    public static int validate(String authority) {
        int n = authority.length();
        if (n == 0) {
            return 0;
        }
        if (authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException("userinfo is not allowed");
        }
        int hostEnd;
        if (authority.charAt(0) == '[') {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("IP literal without its closing bracket");
            }
            if (!isIpLiteral(authority, 1, close)) {
                throw new IllegalArgumentException("malformed IP literal");
            }
            hostEnd = close + 1;
            if (hostEnd < n && authority.charAt(hostEnd) != ':') {
                throw new IllegalArgumentException("characters after the IP literal");
            }
        } else {
            hostEnd = 0;
            while (hostEnd < n && authority.charAt(hostEnd) != ':') {
                char c = authority.charAt(hostEnd);
                if (c == '%') {
                    if (hostEnd + 2 >= n || !isHex(authority.charAt(hostEnd + 1)) || !isHex(authority.charAt(hostEnd + 2))) {
                        throw new IllegalArgumentException("malformed percent-encoding in host");
                    }
                    hostEnd += 3;
                    continue;
                }
                if (!HttpChars.isRegNameChar(c)) {
                    throw new IllegalArgumentException("invalid character in host");
                }
                hostEnd++;
            }
            if (hostEnd == 0) {
                throw new IllegalArgumentException("empty host before a port");
            }
        }
        int port = 0;
        for (int i = hostEnd + 1; i < n; i++) {
            char c = authority.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("port is not a number");
            }
            port = port * 10 + (c - '0');
            if (port > MAX_PORT) {
                throw new IllegalArgumentException("port out of range");
            }
        }
        return hostEnd;
    }

    /** The authority exactly as sent, e.g. {@code example.com:8080}; empty if there was none. */
    @Override
    public String toString() {
        return text;
    }

    /**
     * The host as sent: a name or IPv4 address as it was written (case kept), an IP literal
     * with its brackets ({@code [::1]}); empty when the authority is.
     */
    public String host() {
        return host;
    }

    /** The port, or {@code -1} when none was given (or the colon had no digits after it). */
    public int port() {
        return port;
    }

    /** {@code IP-literal = "[" ( IPv6address / IPvFuture ) "]"}, between the brackets. */
    private static boolean isIpLiteral(String s, int from, int to) {
        if (from < to && (s.charAt(from) == 'v' || s.charAt(from) == 'V')) {
            return isIpvFuture(s, from + 1, to);
        }
        return isIpv6(s, from, to);
    }

    /** After the {@code v}: {@code 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )}. */
    private static boolean isIpvFuture(String s, int from, int to) {
        int i = from;
        while (i < to && isHex(s.charAt(i))) {
            i++;
        }
        if (i == from || i == to || s.charAt(i) != '.' || i + 1 == to) {
            return false;
        }
        for (i++; i < to; i++) {
            char c = s.charAt(i);
            if (c != ':' && (!HttpChars.isRegNameChar(c))) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 3986 {@code IPv6address}: eight 16-bit pieces of one to four hex digits separated by
     * colons, the last two of which may be written as an IPv4 address, and at most one
     * {@code ::} standing for one or more zero pieces.
     */
    static boolean isIpv6(String s, int from, int to) {
        int pieces = 0;
        boolean elided = false;
        int i = from;
        if (to - from >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
            elided = true;
            i += 2;
            if (i == to) {
                return true;
            }
        }
        while (true) {
            int start = i;
            while (i < to && isHex(s.charAt(i))) {
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                if (!isIpv4(s, start, to)) {
                    return false;
                }
                pieces += 2;
                break;
            }
            if (i == start || i - start > 4) {
                return false;
            }
            pieces++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':' || ++i == to) {
                return false; // another character, or a colon ending the address
            }
            if (s.charAt(i) == ':') {
                if (elided) {
                    return false;
                }
                elided = true;
                if (++i == to) {
                    break;
                }
            }
        }
        return elided ? pieces <= 7 : pieces == 8;
    }

    /** {@code IPv4address}: four decimal octets, 0 to 255, without leading zeros. */
    static boolean isIpv4(String s, int from, int to) {
        int octets = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return false;
            }
            octets++;
            if (i == to) {
                return octets == 4;
            }
            if (octets == 4 || s.charAt(i) != '.') {
                return false;
            }
            i++;
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
