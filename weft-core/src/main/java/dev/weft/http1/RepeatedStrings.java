package dev.weft.http1;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of a request head that repeat from request to request — field names, and
 * values such as {@code Host}, {@code User-Agent}, {@code Accept} or a request target like
 * {@code /} — so that parsing a head can hand out the same {@code String} again instead of
 * allocating a new one for each request.
 *
 * <p>Field names come from a fixed table of common names, matched in the case the client
 * sent (a name in another case is simply allocated, so the case a client used is always
 * kept). Other strings go through a small direct-mapped cache shared by all connections:
 * a slot holds the last string that hashed there, and a string is reused only if its bytes
 * are equal to the ones being parsed. Races between threads are benign: a {@code String} is
 * immutable and safely published, so a thread sees either the old string, the new one, or an
 * empty slot, and every outcome is correct (an entry is a record: its fields are final). Long strings are not cached, so the cache stays
 * small whatever clients send.
 */
final class RepeatedStrings {

    private static final int SLOTS = 512; // a power of two
    private static final int MAX_CACHED_LENGTH = 128;
    private static final Entry[] CACHE = new Entry[SLOTS];

    /** A string and its bytes, compared with {@link Arrays#equals(byte[], int, int, byte[], int, int)}. */
    private record Entry(byte[] bytes, String string) {
        Entry(String string) {
            this(string.getBytes(StandardCharsets.ISO_8859_1), string);
        }

        boolean matches(byte[] b, int from, int to) {
            return Arrays.equals(bytes, 0, bytes.length, b, from, to);
        }
    }

    private static final String[] NAMES = {
            "Host", "Connection", "Content-Length", "Content-Type", "Transfer-Encoding", "Expect",
            "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "Authorization",
            "Cache-Control", "Cookie", "Origin", "Pragma", "Referer", "Upgrade", "Upgrade-Insecure-Requests",
            "If-Modified-Since", "If-None-Match", "If-Match", "If-Unmodified-Since", "If-Range", "Range",
            "Keep-Alive", "TE", "Trailer", "Via", "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto",
            "X-Forwarded-Host", "X-Request-Id", "X-Requested-With", "DNT", "Priority", "Sec-Fetch-Dest",
            "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User", "Sec-CH-UA", "Sec-CH-UA-Mobile",
            "Sec-CH-UA-Platform", "Access-Control-Request-Method", "Access-Control-Request-Headers",
            "Content-Encoding", "Date",
            // the same in lower case, as HTTP/2-minded clients and proxies send them
            "host", "connection", "content-length", "content-type", "transfer-encoding", "expect",
            "user-agent", "accept", "accept-encoding", "accept-language", "authorization", "cache-control",
            "cookie", "origin", "referer", "x-forwarded-for", "x-request-id",
    };
    /** NAMES by length. */
    private static final Entry[][] NAMES_BY_LENGTH = new Entry[64][];

    static {
        for (String name : NAMES) {
            Entry[] same = NAMES_BY_LENGTH[name.length()];
            Entry[] grown = same == null ? new Entry[1] : Arrays.copyOf(same, same.length + 1);
            grown[grown.length - 1] = new Entry(name);
            NAMES_BY_LENGTH[name.length()] = grown;
        }
    }

    private RepeatedStrings() {
    }

    /** The field name in {@code b[from, to)}, already checked to be a token. */
    static String name(byte[] b, int from, int to) {
        int n = to - from;
        if (n < NAMES_BY_LENGTH.length) {
            Entry[] candidates = NAMES_BY_LENGTH[n];
            if (candidates != null) {
                for (Entry candidate : candidates) {
                    if (candidate.matches(b, from, to)) {
                        return candidate.string;
                    }
                }
            }
        }
        return string(b, from, to);
    }

    /** {@code b[from, to)} as a Latin-1 string, the same one as last time if it repeats. */
    static String string(byte[] b, int from, int to) {
        int n = to - from;
        if (n > MAX_CACHED_LENGTH) {
            return new String(b, from, n, StandardCharsets.ISO_8859_1);
        }
        int h = n;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        Entry cached = CACHE[slot];
        if (cached != null && cached.matches(b, from, to)) {
            return cached.string;
        }
        String s = new String(b, from, n, StandardCharsets.ISO_8859_1);
        CACHE[slot] = new Entry(Arrays.copyOfRange(b, from, to), s);
        return s;
    }
}
