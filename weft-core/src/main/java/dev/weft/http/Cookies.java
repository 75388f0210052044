package dev.weft.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsing of the {@code Cookie} request header (RFC 6265, section 5.4). */
public final class Cookies {

    private Cookies() {
    }

    /**
     * The cookies in the given {@code Cookie} header values, name to value, in order. When a
     * name repeats the first value wins: browsers send the most specific cookie first. A pair
     * without {@code =} is skipped; values in double quotes lose the quotes.
     */
    public static Map<String, String> parse(List<String> headerValues) {
        if (headerValues.isEmpty()) {
            return Map.of();
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : headerValues) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!name.isEmpty()) {
                    cookies.putIfAbsent(name, value);
                }
            }
        }
        return Collections.unmodifiableMap(cookies);
    }
}
