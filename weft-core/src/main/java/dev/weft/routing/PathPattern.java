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
 * A trailing slash is significant: {@code /users} and {@code /users/} are different paths.
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
     * @throws IllegalArgumentException if it does not start with {@code /}, has a wildcard
     *                                  before the last segment, an empty or repeated
     *                                  parameter name, or a brace inside a literal
     */
    public static PathPattern parse(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
        }
        String[] parts = pattern.substring(1).split("/", -1);
        List<Segment> segments = new ArrayList<>(parts.length);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
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
