package dev.weft.http;

/**
 * Writing JSON string literals without a JSON library, for the few small documents the
 * core produces itself (error bodies). Applications should use a real binder (weft-json).
 */
public final class JsonText {

    private JsonText() {
    }

    /**
     * {@code text} as a JSON string literal, quotes included. Escapes what RFC 8259 requires
     * and also {@code <}, {@code >}, {@code &}, U+2028 and U+2029, so that the output is safe
     * to embed in HTML and JavaScript too.
     */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
