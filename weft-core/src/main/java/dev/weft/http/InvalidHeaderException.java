package dev.weft.http;

/**
 * A header field name or value was refused because it could break the message: a name that
 * is not a token, or a value with CR, LF, NUL or another control character, which would let
 * whoever chose it split the response or add fields of their own.
 *
 * <p>It has a type of its own because it is usually not a bug in the server's code path but
 * a handler passing on a value a client chose, so a client can provoke it on every request.
 * The server and the router log it as one line naming the request, not as a stack trace
 * each time, and answer {@code 500}. The message never contains a raw control character,
 * so it is safe to log.
 */
public class InvalidHeaderException extends IllegalArgumentException {

    /**
     * A refused header name or value.
     *
     * @param message what was refused; must not contain raw control characters
     */
    public InvalidHeaderException(String message) {
        super(message);
    }

    /** {@code text} with control characters and non-Latin-1 characters written as escapes, for messages. */
    static String escaped(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || c > 0xff) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
