package dev.weft.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An ordered, multi-valued collection of header fields with case-insensitive names.
 *
 * <p>Field names keep the case they were given (some clients care how they look) but every
 * lookup ignores case, as RFC 9110 requires. Names must be tokens and values must not contain
 * CR, LF or NUL: a header that could split a response is refused when it is added, not when
 * it is sent, with an {@link InvalidHeaderException}.
 *
 * <p>Not thread-safe; a request's headers are only ever read after parsing.
 */
public final class Headers {

    // One array of name, value, name, value...: a request has ~10 fields, and a linear scan
    // with equalsIgnoreCase beats hashing at that size while allocating nothing per lookup.
    private String[] fields;
    private int size;

    /** An empty collection. */
    public Headers() {
        this(4);
    }

    /** An empty collection with room for {@code capacity} fields before it grows. */
    public Headers(int capacity) {
        fields = new String[2 * Math.max(capacity, 1)];
    }

    /** A copy of {@code other}. */
    public Headers(Headers other) {
        fields = Arrays.copyOf(other.fields, 2 * Math.max(other.size, 1));
        size = other.size;
    }

    /** The number of fields, counting each repeated field line. */
    public int size() {
        return size;
    }

    /** Whether there are no fields. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The value of the first field named {@code name}, or {@code null} if there is none. */
    public String first(String name) {
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                return fields[2 * i + 1];
            }
        }
        return null;
    }

    /** Every value of the fields named {@code name}, in order; empty if there are none. */
    public List<String> all(String name) {
        List<String> found = null;
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(fields[2 * i + 1]);
            }
        }
        return found == null ? List.of() : Collections.unmodifiableList(found);
    }

    /** How many field lines are named {@code name}. */
    public int count(String name) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    /** Whether a field named {@code name} is present. */
    public boolean contains(String name) {
        return first(name) != null;
    }

    /**
     * Whether any field named {@code name} lists {@code token} in its comma-separated value,
     * ignoring case and whitespace, as in {@code Connection: keep-alive, Upgrade}.
     */
    public boolean containsToken(String name, String token) {
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name) && listContains(fields[2 * i + 1], token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listContains(String list, String token) {
        int start = 0;
        int n = list.length();
        while (start <= n) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int s = start;
            int e = end;
            while (s < e && (list.charAt(s) == ' ' || list.charAt(s) == '\t')) {
                s++;
            }
            while (e > s && (list.charAt(e - 1) == ' ' || list.charAt(e - 1) == '\t')) {
                e--;
            }
            if (e - s == token.length() && list.regionMatches(true, s, token, 0, token.length())) {
                return true;
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return false;
    }

    /** The distinct field names, in order of first appearance, with their original case. */
    public Set<String> names() {
        Set<String> seen = new LinkedHashSet<>();
        outer:
        for (int i = 0; i < size; i++) {
            for (String s : seen) {
                if (s.equalsIgnoreCase(fields[2 * i])) {
                    continue outer;
                }
            }
            seen.add(fields[2 * i]);
        }
        return seen;
    }

    /** Calls {@code action} with each field line's name and value, in order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(fields[2 * i], fields[2 * i + 1]);
        }
    }

    /** The name of the field line at {@code index}, 0-based in order of addition. */
    public String nameAt(int index) {
        checkIndex(index);
        return fields[2 * index];
    }

    /** The value of the field line at {@code index}, 0-based in order of addition. */
    public String valueAt(int index) {
        checkIndex(index);
        return fields[2 * index + 1];
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
    }

    /** Appends a field line, keeping any existing ones of the same name. */
    public Headers add(String name, String value) {
        validateName(name);
        validateValue(value);
        if (2 * size == fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        fields[2 * size] = name;
        fields[2 * size + 1] = value;
        size++;
        return this;
    }

    /** Replaces every field named {@code name} with one line holding {@code value}. */
    public Headers set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /** Removes every field named {@code name}; returns whether there was one. */
    public boolean remove(String name) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!fields[2 * i].equalsIgnoreCase(name)) {
                fields[2 * kept] = fields[2 * i];
                fields[2 * kept + 1] = fields[2 * i + 1];
                kept++;
            }
        }
        boolean removed = kept != size;
        Arrays.fill(fields, 2 * kept, 2 * size, null);
        size = kept;
        return removed;
    }

    static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidHeaderException("header name must not be empty");
        }
        if (!HttpChars.isToken(name)) {
            throw new InvalidHeaderException("invalid character in header name: "
                    + InvalidHeaderException.escaped(name));
        }
    }

    private static void validateValue(String value) {
        if (value == null) {
            throw new InvalidHeaderException("header value must not be null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                // The value is not shown: it may be a client's, or a secret.
                throw new InvalidHeaderException("invalid character in header value (code " + (int) c + ")");
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(fields[2 * i]).append(": ").append(fields[2 * i + 1]);
        }
        return sb.append(']').toString();
    }
}
