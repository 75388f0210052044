package dev.weft.filters;

import dev.weft.http.Authority;
import dev.weft.http.Filter;
import dev.weft.http.ForwardingRequest;
import dev.weft.http.Handler;
import dev.weft.http.HttpChars;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The real client behind trusted reverse proxies: {@link Request#remoteAddress()},
 * {@link Request#scheme()} and {@link Request#authority()} as the client's request had them,
 * from RFC 7239 {@code Forwarded} or from {@code X-Forwarded-For}, {@code X-Forwarded-Proto}
 * and {@code X-Forwarded-Host}.
 *
 * <p>Any client can send these fields, so they are believed only as far as the proxies that
 * wrote them are {@link TrustedProxies trusted}:
 * <ul>
 *   <li>When the peer (the address the connection comes from) is not trusted, the request
 *       passes unchanged: the fields are ignored.</li>
 *   <li>Otherwise the addresses are walked right to left, starting at the peer: while the
 *       current hop is trusted, the next address to the left is the one it received the
 *       request from. The first untrusted address is the client; if all are trusted, the
 *       left-most. Whatever a client put at the left of the list itself is only reached if
 *       every hop after it is trusted, so spoofed values never win.</li>
 *   <li>A hop that is not an IP address ({@code for=unknown}, an obfuscated identifier such
 *       as {@code _hidden}, anything malformed) stops the walk: the last trusted hop is the
 *       client as far as this server can tell.</li>
 *   <li>Scheme and host come from the element (or, for {@code X-Forwarded-Proto} and
 *       {@code X-Forwarded-Host}, the list position) written by the proxy the walk stopped
 *       at; a scheme other than {@code http} or {@code https}, or a host that is not a valid
 *       authority ({@link Authority#validate}), is ignored and the request's own is kept.</li>
 *   <li>{@code Forwarded} wins: when it is present, the {@code X-Forwarded-*} fields are
 *       not read. A {@code Forwarded} field that does not parse (RFC 7239 section 4 syntax, over
 *       all its lines in order) is ignored, and the request keeps the peer's address; it is
 *       never answered with {@code 400}.</li>
 * </ul>
 * Several lines of one field are combined in order, as one comma-separated list. The
 * client's port is the one in {@code Forwarded}'s node when given, else 0.
 *
 * <p>Run it outermost, before anything that logs or decides by address (an
 * {@link AccessLogFilter}, a rate limit).
 */
public final class ForwardedFilter implements Filter {

    private final TrustedProxies trusted;

    private ForwardedFilter(TrustedProxies trusted) {
        this.trusted = Objects.requireNonNull(trusted, "trusted");
    }

    /** A filter that believes the proxies in {@code trusted}. */
    public static ForwardedFilter trusting(TrustedProxies trusted) {
        return new ForwardedFilter(trusted);
    }

    /**
     * A filter that believes the proxies in the CIDR ranges {@code cidrs}; see
     * {@link TrustedProxies#of(String...)}.
     *
     * @throws IllegalArgumentException if a range is malformed
     */
    public static ForwardedFilter trusting(String... cidrs) {
        return new ForwardedFilter(TrustedProxies.of(cidrs));
    }

    @Override
    public Response filter(Request request, Handler next) throws Exception {
        return next.handle(resolve(request));
    }

    /** {@code request} as seen through the trusted proxies; itself when nothing applies. */
    Request resolve(Request request) {
        InetSocketAddress peer = request.remoteAddress();
        if (peer == null || peer.getAddress() == null || !trusted.contains(peer.getAddress())) {
            return request;
        }
        List<String> forwarded = request.headers().all("Forwarded");
        View view;
        if (!forwarded.isEmpty()) {
            List<Element> elements = parseForwarded(String.join(",", forwarded));
            if (elements == null) {
                return request;
            }
            view = walkForwarded(peer, elements);
        } else {
            List<String> xff = request.headers().all("X-Forwarded-For");
            if (xff.isEmpty()) {
                return request;
            }
            view = walkXForwarded(peer, list(xff), list(request.headers().all("X-Forwarded-Proto")),
                    list(request.headers().all("X-Forwarded-Host")));
        }
        if (view == null) {
            return request;
        }
        return new Forwarded(request, view.client, scheme(view.proto), host(view.host));
    }

    private record View(InetSocketAddress client, String proto, String host) {
    }

    private View walkForwarded(InetSocketAddress peer, List<Element> elements) {
        InetSocketAddress current = peer;
        String proto = null;
        String host = null;
        for (int i = elements.size() - 1; i >= 0; i--) {
            Element e = elements.get(i);
            // e was written by the proxy at `current`, which is trusted: its proto and host stand.
            if (e.proto != null) {
                proto = e.proto;
            }
            if (e.host != null) {
                host = e.host;
            }
            InetSocketAddress from = node(e.forNode);
            if (from == null) {
                break; // unknown or obfuscated: the trusted proxy is as far as we can see
            }
            current = from;
            if (!trusted.contains(from.getAddress())) {
                break;
            }
        }
        return current == peer && proto == null && host == null ? null : new View(current, proto, host);
    }

    private View walkXForwarded(InetSocketAddress peer, List<String> forwardedFor, List<String> protos, List<String> hosts) {
        InetSocketAddress current = peer;
        int steps = 0;
        for (int i = forwardedFor.size() - 1; i >= 0; i--) {
            InetSocketAddress from = xffAddress(forwardedFor.get(i));
            steps++;
            if (from == null) {
                break;
            }
            current = from;
            if (!trusted.contains(from.getAddress())) {
                break;
            }
        }
        // One value per proxy, each appending its own: the one the last proxy walked wrote.
        return new View(current, aligned(protos, steps), aligned(hosts, steps));
    }

    private static String aligned(List<String> values, int steps) {
        if (values.isEmpty()) {
            return null;
        }
        int index = Math.max(0, values.size() - Math.max(1, steps));
        return values.get(index);
    }

    private static List<String> list(List<String> lines) {
        List<String> values = new ArrayList<>();
        for (String line : lines) {
            for (String part : line.split(",", -1)) {
                String v = part.strip();
                if (!v.isEmpty()) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    private static String scheme(String proto) {
        if (proto == null) {
            return null;
        }
        String p = proto.toLowerCase(Locale.ROOT);
        return p.equals("http") || p.equals("https") ? p : null;
    }

    private static String host(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        try {
            Authority.validate(host);
            return host;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An X-Forwarded-For entry: {@code 1.2.3.4}, {@code 1.2.3.4:5678}, {@code 2001:db8::1}, {@code [2001:db8::1]:5678}. */
    static InetSocketAddress xffAddress(String value) {
        if (value.startsWith("[")) {
            return bracketed(value);
        }
        int colon = value.indexOf(':');
        if (colon >= 0 && value.indexOf(':', colon + 1) < 0) {
            InetAddress ip = TrustedProxies.toInetAddress(value.substring(0, colon));
            int port = port(value.substring(colon + 1));
            return ip == null || port < 0 ? null : new InetSocketAddress(ip, port);
        }
        InetAddress ip = TrustedProxies.toInetAddress(value);
        return ip == null ? null : new InetSocketAddress(ip, 0);
    }

    /** A {@code Forwarded} node (RFC 7239 6): an IP address with an optional port, else {@code null}. */
    static InetSocketAddress node(String node) {
        if (node == null) {
            return null;
        }
        if (node.startsWith("[")) {
            return bracketed(node);
        }
        int colon = node.indexOf(':');
        String name = colon < 0 ? node : node.substring(0, colon);
        if (name.indexOf(':') >= 0) {
            return null;
        }
        InetAddress ip = name.indexOf('.') >= 0 ? TrustedProxies.toInetAddress(name) : null; // IPv4 only unbracketed
        if (ip == null) {
            return null;
        }
        int port = colon < 0 ? 0 : port(node.substring(colon + 1));
        return port < 0 ? null : new InetSocketAddress(ip, port);
    }

    private static InetSocketAddress bracketed(String value) {
        int close = value.indexOf(']');
        if (close < 0) {
            return null;
        }
        String inside = value.substring(1, close);
        if (inside.indexOf(':') < 0) {
            return null;
        }
        InetAddress ip = TrustedProxies.toInetAddress(inside);
        if (ip == null) {
            return null;
        }
        int port = 0;
        if (close + 1 < value.length()) {
            if (value.charAt(close + 1) != ':') {
                return null;
            }
            port = port(value.substring(close + 2));
        }
        return port < 0 ? null : new InetSocketAddress(ip, port);
    }

    /** A port number; an obfuscated port ({@code _abc}) counts as 0; {@code -1} if malformed. */
    private static int port(String text) {
        if (text.startsWith("_") && text.length() > 1) {
            return 0;
        }
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port > 65535 ? -1 : port;
    }

    /** One forwarded-element: its {@code for}, {@code proto} and {@code host}, unquoted. */
    record Element(String forNode, String proto, String host) {
    }

    /**
     * The elements of a {@code Forwarded} value, in order, or {@code null} if it does not
     * parse: {@code forwarded-element *( OWS "," OWS forwarded-element )}, each
     * {@code [pair] *( ";" [pair] )}, a pair {@code token "=" ( token / quoted-string )}.
     * A parameter given twice in one element is malformed too (RFC 7239 4).
     */
    static List<Element> parseForwarded(String value) {
        List<Element> elements = new ArrayList<>();
        int n = value.length();
        int i = 0;
        String forNode = null;
        String proto = null;
        String host = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (true) {
            i = skipOws(value, i);
            if (i < n && value.charAt(i) != ',' && value.charAt(i) != ';') {
                int start = i;
                while (i < n && HttpChars.isTokenChar(value.charAt(i))) {
                    i++;
                }
                if (i == start || i >= n || value.charAt(i) != '=') {
                    return null;
                }
                String name = value.substring(start, i).toLowerCase(Locale.ROOT);
                i++;
                String v;
                if (i < n && value.charAt(i) == '"') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = value.charAt(i++);
                        if (c == '"') {
                            closed = true;
                            break;
                        }
                        if (c == '\\') {
                            if (i >= n) {
                                return null;
                            }
                            c = value.charAt(i++);
                        }
                        if ((c < 0x20 && c != '\t') || c == 0x7f) {
                            return null;
                        }
                        sb.append(c);
                    }
                    if (!closed) {
                        return null;
                    }
                    v = sb.toString();
                } else {
                    int vs = i;
                    while (i < n && HttpChars.isTokenChar(value.charAt(i))) {
                        i++;
                    }
                    if (i == vs) {
                        return null;
                    }
                    v = value.substring(vs, i);
                }
                if (!seen.add(name)) {
                    return null;
                }
                switch (name) {
                    case "for" -> forNode = v;
                    case "proto" -> proto = v;
                    case "host" -> host = v;
                    default -> {
                        // "by" and extensions: not needed here
                    }
                }
                i = skipOws(value, i);
            }
            if (i >= n || value.charAt(i) == ',') {
                if (!seen.isEmpty()) {
                    elements.add(new Element(forNode, proto, host));
                }
                if (i >= n) {
                    break;
                }
                i++;
                forNode = null;
                proto = null;
                host = null;
                seen.clear();
            } else if (value.charAt(i) == ';') {
                i++;
            } else {
                return null;
            }
        }
        return elements.isEmpty() ? null : elements;
    }

    private static int skipOws(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** The request with the client's address, scheme and authority. */
    private static final class Forwarded extends ForwardingRequest {
        private final InetSocketAddress client;
        private final String scheme;
        private final String authority;

        Forwarded(Request delegate, InetSocketAddress client, String scheme, String authority) {
            super(delegate);
            this.client = client;
            this.scheme = scheme;
            this.authority = authority;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return client;
        }

        @Override
        public String scheme() {
            return scheme == null ? super.scheme() : scheme;
        }

        @Override
        public String authority() {
            return authority == null ? super.authority() : authority;
        }
    }
}
