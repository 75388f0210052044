package dev.weft.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The trailer fields a response declares: names known when the response is built, values
 * computed once its body has been written (a checksum of streamed output, a final status).
 * See {@link Response#trailer(String, Supplier)}.
 *
 * <p>Fields that must be seen before the content to mean anything are refused when they are
 * declared (RFC 9110 6.5.1): framing ({@code Content-Length}, {@code Transfer-Encoding},
 * {@code Trailer}), connection management and routing ({@code Connection}, {@code Host},
 * {@code TE}, ...), authentication and cookies, response controls ({@code Cache-Control},
 * {@code Location}, ...) and content format ({@code Content-Type}, {@code Content-Encoding},
 * ...); see {@link #isForbidden}.
 */
public final class ResponseTrailers {

    private static final Set<String> FORBIDDEN = Set.of(
            // framing
            "content-length", "transfer-encoding", "trailer", "content-range",
            // connection management and routing
            "connection", "keep-alive", "proxy-connection", "upgrade", "te", "host", "max-forwards",
            // request modifiers
            "expect", "range", "if-match", "if-none-match", "if-modified-since", "if-unmodified-since", "if-range",
            // authentication and state
            "authorization", "proxy-authorization", "www-authenticate", "proxy-authenticate",
            "cookie", "set-cookie",
            // response controls
            "age", "cache-control", "expires", "date", "location", "retry-after", "vary", "pragma", "warning",
            // content format
            "content-type", "content-encoding", "content-language", "content-location");

    private final List<String> names = new ArrayList<>(2);
    private final List<Supplier<String>> values = new ArrayList<>(2);

    ResponseTrailers() {
    }

    /** Whether {@code name} may not be sent as a trailer field (compared ignoring case). */
    public static boolean isForbidden(String name) {
        return FORBIDDEN.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Declares field {@code name}, replacing an earlier declaration of it. */
    void declare(String name, Supplier<String> value) {
        java.util.Objects.requireNonNull(value, "value");
        Headers.validateName(name);
        if (isForbidden(name)) {
            throw new InvalidHeaderException("field " + name + " may not be sent as a trailer");
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                values.set(i, value);
                return;
            }
        }
        names.add(name);
        values.add(value);
    }

    /** Whether no trailer field is declared. */
    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** The declared names, in order of declaration; what a {@code Trailer} field announces. */
    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    /**
     * Asks each field for its value, in order of declaration: what the transport calls once the
     * body has been written. A field whose supplier returns {@code null} is left out.
     *
     * @throws InvalidHeaderException if a value could split the message (CR, LF, NUL, ...)
     */
    public Headers evaluate() {
        Headers fields = new Headers(names.size());
        for (int i = 0; i < names.size(); i++) {
            String value = values.get(i).get();
            if (value != null) {
                fields.add(names.get(i), value);
            }
        }
        return fields;
    }

    @Override
    public String toString() {
        return "Trailers" + names;
    }
}
