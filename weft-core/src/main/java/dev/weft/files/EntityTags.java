package dev.weft.files;

/**
 * Entity tags (RFC 9110, 8.8.3): making them from file metadata, and matching them against
 * {@code If-Match} / {@code If-None-Match} lists.
 */
final class EntityTags {

    private EntityTags() {
    }

    /**
     * A strong tag from a file's size and modification time in nanoseconds, so a rewrite within
     * the same second still changes it; {@code suffix} tells representations apart (e.g. {@code br}).
     */
    static String of(long size, long modifiedNanos, String suffix) {
        String base = Long.toHexString(modifiedNanos) + "-" + Long.toHexString(size);
        return "\"" + (suffix == null ? base : base + "-" + suffix) + "\"";
    }

    /** {@code tag} made weak. */
    static String weak(String tag) {
        return tag.startsWith("W/") ? tag : "W/" + tag;
    }

    /** Whether an {@code If-Match} value matches {@code current} (strong comparison; {@code *} matches). */
    static boolean matchesStrong(String header, String current) {
        return matches(header, current, true);
    }

    /** Whether an {@code If-None-Match} value matches {@code current} (weak comparison; {@code *} matches). */
    static boolean matchesWeak(String header, String current) {
        return matches(header, current, false);
    }

    private static boolean matches(String header, String current, boolean strong) {
        if (header.strip().equals("*")) {
            return true;
        }
        if (strong && current.startsWith("W/")) {
            return false;
        }
        String opaque = opaque(current);
        int i = 0;
        int n = header.length();
        while (i < n) {
            char c = header.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            boolean weak = false;
            if (c == 'W' && header.startsWith("W/", i)) {
                weak = true;
                i += 2;
            }
            if (i >= n || header.charAt(i) != '"') {
                return false; // malformed list: treat as no match
            }
            int close = header.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            if ((!strong || !weak) && header.regionMatches(i, opaque, 0, opaque.length()) && close + 1 - i == opaque.length()) {
                return true;
            }
            i = close + 1;
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
