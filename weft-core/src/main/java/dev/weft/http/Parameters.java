package dev.weft.http;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ; name=value} parameters of a header field value such as {@code Content-Type}
 * or {@code Content-Disposition} (RFC 9110 5.6.6), for the multipart reader.
 */
final class Parameters {

    private Parameters() {
    }

    /**
     * The parameters of {@code value} from index {@code from} (its first {@code ;}, or -1 for
     * none), in order, each as {@code {name, value}}. A quoted value loses its quotes and its
     * escapes {@code \"} and {@code \\}; a backslash before any other character is kept, as
     * browsers send Windows paths unescaped. An unquoted value runs to the next {@code ;},
     * without surrounding whitespace.
     *
     * @throws HttpException {@code 400} naming {@code field} when the syntax is broken
     */
    static List<String[]> parse(String value, int from, String field) {
        List<String[]> parameters = new ArrayList<>();
        if (from < 0) {
            return parameters;
        }
        int length = value.length();
        int i = from;
        while (i < length) {
            if (value.charAt(i) != ';') {
                throw malformed(field);
            }
            i = skipSpace(value, i + 1);
            if (i == length || value.charAt(i) == ';') {
                continue; // an empty parameter
            }
            int eq = value.indexOf('=', i);
            if (eq < 0 || !HttpChars.isToken(value.substring(i, eq))) {
                throw malformed(field);
            }
            String name = value.substring(i, eq);
            i = eq + 1;
            String parameterValue;
            if (i < length && value.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i == length) {
                        throw malformed(field);
                    }
                    char c = value.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\' && i < length && (value.charAt(i) == '"' || value.charAt(i) == '\\')) {
                        c = value.charAt(i++);
                    }
                    sb.append(c);
                }
                parameterValue = sb.toString();
                i = skipSpace(value, i);
            } else {
                int semicolon = value.indexOf(';', i);
                int stop = semicolon < 0 ? length : semicolon;
                parameterValue = value.substring(i, stop).strip();
                if (parameterValue.indexOf('"') >= 0) {
                    throw malformed(field);
                }
                i = stop;
            }
            parameters.add(new String[] {name, parameterValue});
        }
        return parameters;
    }

    private static int skipSpace(String value, int i) {
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static HttpException malformed(String field) {
        return new HttpException(400, "malformed parameters in " + field);
    }
}
