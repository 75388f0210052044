package dev.weft.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A route's path pattern, parsed: {@code /users/{id}/posts}, {@code /files/{*path}}.
 *
 * <p>Segments are separated by {@code /} and are one of
 * <ul>
 *   <li>a literal, matched against the percent-decoded request segment;</li>
 *   <li>{@code {name}}: a parameter, matching one non-empty segment;</li>
 *   <li>{@code {*name}}: a wildcard, last only, matching the rest of the path (zero or more
 *       segments, slashes included).</li>
 * </ul>
 * A trailing slash is significant: {@code /users} and {@code /users/} are different paths,
 * unless the router is told otherwise with {@link Router#trailingSlash}.
 */
public record PathPattern(String source, List<Segment> segments) {

    /** One segment of a pattern. */
    public sealed interface Segment {
    }

    /** A literal segment, e.g. {@code users}. */
    public record Literal(String text) implements Segment {
    }

    /** A parameter segment, e.g. {@code {id}}. */
    public record Param(String name) implements Segment {
    }

    /** A trailing wildcard, e.g. {@code {*path}}. */
    public record Wildcard(String name) implements Segment {
    }

    /** Takes an unmodifiable copy of the segments. */
    public PathPattern {
        segments = List.copyOf(segments);
    }

    /**
     * Parses {@code pattern}.
     *
     * <p>Patterns in other frameworks' syntax are refused with a message that shows weft's
     * form rather than registered as literals that no request would ever reach:
     * {@code /books/:id} (Express, Sinatra), {@code /books/<id>} and {@code /books/<int:id>}
     * (Flask), {@code /files/*} and {@code /files/*path} (a bare star), and unbalanced braces
     * such as <code>/books/&#123;id</code>. For {@code /books/:id} the message reads
     * {@code route pattern /books/:id uses another framework's syntax: weft writes it as /books/{id}}.
     *
     * @throws IllegalArgumentException if it does not start with {@code /}, has a wildcard
     *                                  before the last segment, an empty or repeated
     *                                  parameter name, a brace inside a literal, an
     *                                  unbalanced brace, or another framework's parameter
     *                                  syntax ({@code :id}, {@code <id>}, {@code *})
     */
    public static PathPattern parse(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with '/': " + pattern
                    + (pattern != null && !pattern.isEmpty() ? " (write it as /" + pattern + ")" : ""));
        }
        String[] parts = pattern.substring(1).split("/", -1);
        String foreign = foreignSyntax(parts);
        if (foreign != null) {
            throw new IllegalArgumentException("route pattern " + pattern
                    + " uses another framework's syntax: weft writes it as " + foreign
                    + " ({name} for one segment, a last {*name} for the rest of the path)");
        }
        List<Segment> segments = new ArrayList<>(parts.length);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (count(part, '{') != count(part, '}')) {
                throw new IllegalArgumentException("unbalanced brace in '" + part + "' of route " + pattern
                        + ": a parameter is a whole segment, like /{id}, or a last /{*rest}");
            }
            if (part.startsWith("{") && part.endsWith("}") && part.length() >= 2) {
                boolean wildcard = part.startsWith("{*");
                String name = part.substring(wildcard ? 2 : 1, part.length() - 1);
                if (name.isEmpty() || !isName(name)) {
                    throw new IllegalArgumentException("invalid parameter name in route " + pattern + ": '" + part + "'");
                }
                if (!names.add(name)) {
                    throw new IllegalArgumentException("parameter {" + name + "} appears twice in route " + pattern);
                }
                if (wildcard && i != parts.length - 1) {
                    throw new IllegalArgumentException("wildcard " + part + " must be the last segment of route " + pattern);
                }
                segments.add(wildcard ? new Wildcard(name) : new Param(name));
            } else {
                if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
                    throw new IllegalArgumentException(
                            "a parameter must be a whole segment, like /{id}; got '" + part + "' in route " + pattern);
                }
                segments.add(new Literal(part));
            }
        }
        return new PathPattern(pattern, segments);
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /**
     * The pattern rewritten in weft's syntax if one of its segments is written in another
     * framework's ({@code :id}, {@code <id>}, {@code <int:id>}, {@code *}, {@code *path},
     * {@code :path*}); else {@code null}.
     */
    private static String foreignSyntax(String[] parts) {
        boolean foreign = false;
        StringBuilder weft = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            String rewritten = null;
            if (part.length() > 1 && part.charAt(0) == ':') {
                String name = part.substring(1);
                boolean rest = name.endsWith("*") || name.endsWith("+");
                name = stripSuffix(name, "*+?");
                rewritten = rest ? "{*" + nameOr(name, "rest") + "}" : "{" + nameOr(name, "param") + "}";
            } else if (part.length() > 1 && part.charAt(0) == '<' && part.charAt(part.length() - 1) == '>') {
                String inner = part.substring(1, part.length() - 1);
                boolean rest = inner.startsWith("path:");
                String name = inner.substring(inner.indexOf(':') + 1);
                rewritten = rest ? "{*" + nameOr(name, "rest") + "}" : "{" + nameOr(name, "param") + "}";
            } else if (part.startsWith("*")) {
                String name = part.replace("*", "");
                // A star before the last segment can only stand for one segment in weft.
                rewritten = i == parts.length - 1 ? "{*" + nameOr(name, "rest") + "}" : "{" + nameOr(name, "param") + "}";
            }
            if (rewritten != null) {
                foreign = true;
                part = rewritten;
            }
            weft.append('/').append(part);
        }
        return foreign ? weft.toString() : null;
    }

    private static String stripSuffix(String name, String chars) {
        int end = name.length();
        while (end > 0 && chars.indexOf(name.charAt(end - 1)) >= 0) {
            end--;
        }
        return name.substring(0, end);
    }

    private static String nameOr(String name, String fallback) {
        return name.isEmpty() || !isName(name) ? fallback : name;
    }

    private static boolean isName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The names of the parameters and wildcard, in order. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (Segment s : segments) {
            if (s instanceof Param p) {
                names.add(p.name());
            } else if (s instanceof Wildcard w) {
                names.add(w.name());
            }
        }
        return names;
    }

    /** The pattern concatenated with {@code suffix} (a pattern too, starting with {@code /}). */
    PathPattern append(PathPattern suffix) {
        String joined = source.equals("/") ? suffix.source : source + suffix.source;
        return parse(joined);
    }

    @Override
    public String toString() {
        return source;
    }
}
