package dev.weft.http;

/**
 * Which characters HTTP's grammar allows where: the one table of token characters (RFC 9110
 * 5.6.2 {@code tchar}: field names, methods, cookie names, list tokens) and of the characters
 * of a {@code Host} value (RFC 3986 reg-name, IPv4, IP-literal in brackets, and a port), for
 * the codec and the handler API alike.
 */
public final class HttpChars {

    private static final boolean[] TOKEN = new boolean[128];
    private static final boolean[] HOST = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
            HOST[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
            HOST[c] = true;
            HOST[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
        for (char c : "-._~!$&'()*+,;=:%[]".toCharArray()) {
            HOST[c] = true;
        }
    }

    private HttpChars() {
    }

    /** Whether {@code c} is a {@code tchar}, which may appear in a token. */
    public static boolean isTokenChar(int c) {
        return c >= 0 && c < 128 && TOKEN[c];
    }

    /** Whether {@code s} is a token: one or more {@code tchar}s. */
    public static boolean isToken(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** Whether {@code c} may appear in a {@code Host} value or the authority of a request-target. */
    public static boolean isHostChar(int c) {
        return c >= 0 && c < 128 && HOST[c];
    }
}
