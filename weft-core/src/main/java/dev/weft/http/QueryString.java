package dev.weft.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding of paths and {@code application/x-www-form-urlencoded} query strings. */
public final class QueryString {

    private QueryString() {
    }

    /**
     * Decodes a query string such as {@code a=1&b=x+y&a=2} into ordered, multi-valued
     * parameters. A key without {@code =} has the empty string as its value.
     *
     * @throws IllegalArgumentException if a percent escape is malformed or the bytes are not UTF-8
     */
    public static Map<String, List<String>> parse(String query) {
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        int start = 0;
        while (start <= query.length()) {
            int amp = query.indexOf('&', start);
            int end = amp < 0 ? query.length() : amp;
            if (end > start) {
                int eq = query.indexOf('=', start);
                String key;
                String value;
                if (eq < 0 || eq > end) {
                    key = decode(query, start, end, true);
                    value = "";
                } else {
                    key = decode(query, start, eq, true);
                    value = decode(query, eq + 1, end, true);
                }
                params.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        params.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(params);
    }

    /**
     * Percent-decodes a path (a {@code +} stays a {@code +}).
     *
     * @throws IllegalArgumentException if a percent escape is malformed or the bytes are not UTF-8
     */
    public static String decodePath(String path) {
        return decode(path, 0, path.length(), false);
    }

    private static String decode(String s, int from, int to, boolean plusIsSpace) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || (plusIsSpace && c == '+')) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return s.substring(from, to);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    throw new IllegalArgumentException("truncated percent escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("malformed percent escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (plusIsSpace && c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return HttpChars.strictUtf8(bytes.toByteArray(), 0, bytes.size());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-encoded bytes are not valid UTF-8");
        }
    }
}
