package dev.weft.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Which characters HTTP's grammar allows where: the one table of token characters (RFC 9110
 * 5.6.2 {@code tchar}: field names, methods, cookie names, list tokens) and of the characters
 * of a {@code Host} value (RFC 3986 reg-name, IPv4, IP-literal in brackets, and a port), for
 * the codec and the handler API alike.
 */
public final class HttpChars {

    private static final boolean[] TOKEN = new boolean[128];
    private static final boolean[] REG_NAME = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
            REG_NAME[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
            REG_NAME[c] = true;
            REG_NAME[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
        for (char c : "-._~!$&'()*+,;=".toCharArray()) {
            REG_NAME[c] = true; // unreserved and sub-delims (RFC 3986)
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

    /**
     * Whether {@code c} may appear as itself in an RFC 3986 reg-name (a host name): unreserved
     * characters and sub-delims; a reg-name may hold percent-encodings besides.
     */
    public static boolean isRegNameChar(int c) {
        return c >= 0 && c < 128 && REG_NAME[c];
    }

    /**
     * Decodes UTF-8 strictly: bytes that are not UTF-8 are an error, never replaced with
     * U+FFFD, so that two different byte strings can never decode to the same text.
     *
     * @throws CharacterCodingException if the bytes are not valid UTF-8
     */
    public static String strictUtf8(byte[] bytes, int offset, int length) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, offset, length))
                .toString();
    }
}
