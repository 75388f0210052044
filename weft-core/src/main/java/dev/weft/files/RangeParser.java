package dev.weft.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Parses a {@code Range} header against a representation's length (RFC 9110, 14.1-14.2).
 * A pure function, table-tested.
 *
 * <p>Outcomes: {@link Ignore} when the header is malformed, names another unit or asks for
 * too many pieces (the server then sends the whole representation, as the RFC allows);
 * {@link Unsatisfiable} when it is well-formed but no range overlaps the content
 * ({@code 416}); else {@link Satisfiable} with the ranges sorted and overlapping or adjacent
 * ones merged, so a request cannot make the server send the same bytes many times.
 */
final class RangeParser {

    /** More range specs than this are a sign of abuse, not of a media player. */
    static final int MAX_RANGES = 64;

    /** What a {@code Range} header asks for. */
    sealed interface Result permits Ignore, Unsatisfiable, Satisfiable {
    }

    /** Serve the whole representation as if there were no {@code Range}. */
    record Ignore() implements Result {
    }

    /** Answer {@code 416} with {@code Content-Range: bytes *}{@code /length}. */
    record Unsatisfiable() implements Result {
    }

    /** Answer {@code 206} with these ranges: one, or several as {@code multipart/byteranges}. */
    record Satisfiable(List<ByteRange> ranges) implements Result {
    }

    private static final Ignore IGNORE = new Ignore();
    private static final Unsatisfiable UNSATISFIABLE = new Unsatisfiable();

    private RangeParser() {
    }

    static Result parse(String header, long length) {
        if (header == null) {
            return IGNORE;
        }
        int eq = header.indexOf('=');
        if (eq < 0 || !header.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
            return IGNORE;
        }
        List<ByteRange> ranges = new ArrayList<>(2);
        int specs = 0;
        int start = eq + 1;
        int n = header.length();
        while (start <= n) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            String spec = header.substring(start, end).strip();
            if (!spec.isEmpty()) { // the list syntax allows empty elements: "bytes=0-1,,5-6"
                if (++specs > MAX_RANGES) {
                    return IGNORE;
                }
                int dash = spec.indexOf('-');
                if (dash < 0) {
                    return IGNORE;
                }
                String a = spec.substring(0, dash);
                String b = spec.substring(dash + 1);
                if (a.isEmpty()) {
                    // suffix-range: the last N bytes
                    long suffix = digits(b);
                    if (suffix < 0) {
                        return IGNORE;
                    }
                    if (suffix > 0 && length > 0) {
                        ranges.add(new ByteRange(Math.max(0, length - suffix), length - 1));
                    }
                } else {
                    long first = digits(a);
                    long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
                    if (first < 0 || last < 0 || last < first) {
                        return IGNORE;
                    }
                    if (first < length) {
                        ranges.add(new ByteRange(first, Math.min(last, length - 1)));
                    }
                }
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        if (specs == 0) {
            return IGNORE;
        }
        return ranges.isEmpty() ? UNSATISFIABLE : new Satisfiable(coalesce(ranges));
    }

    /** Sorts and merges ranges that overlap or touch. */
    static List<ByteRange> coalesce(List<ByteRange> ranges) {
        if (ranges.size() == 1) {
            return List.of(ranges.get(0));
        }
        List<ByteRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(ByteRange::first));
        List<ByteRange> merged = new ArrayList<>(sorted.size());
        ByteRange current = sorted.get(0);
        for (int i = 1; i < sorted.size(); i++) {
            ByteRange next = sorted.get(i);
            if (next.first() <= current.last() + 1) {
                current = new ByteRange(current.first(), Math.max(current.last(), next.last()));
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        return List.copyOf(merged);
    }

    /** A non-negative decimal; huge values saturate at {@code Long.MAX_VALUE}; -1 if not digits. */
    private static long digits(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (value > (Long.MAX_VALUE - 9) / 10) {
                value = Long.MAX_VALUE;
            } else if (value != Long.MAX_VALUE) {
                value = value * 10 + (c - '0');
            }
        }
        return value;
    }
}
