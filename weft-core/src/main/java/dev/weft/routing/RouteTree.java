package dev.weft.routing;

import dev.weft.http.HttpException;
import dev.weft.http.QueryString;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes arranged by path segment, for matching in precedence order.
 *
 * <p>At each segment a literal child is tried first, then a parameter, then a wildcard; a
 * branch that leads nowhere is abandoned for the next one, so {@code /users/new} beats
 * {@code /users/{id}}, and {@code /users/{id}} still matches {@code /users/7} when a literal
 * {@code /users/new/edit} exists. The path decides the route before the method does: when
 * the best path match lacks the method, the answer is 405, not a weaker route.
 *
 * <p>Built once while the application starts, then only read, from many threads.
 */
final class RouteTree {

    private final RouteNode root = new RouteNode();

    /** Adds {@code route}; throws {@link RouteConflictException} if one already answers its method and shape. */
    void add(Route route) {
        RouteNode node = root;
        for (PathPattern.Segment segment : route.pattern().segments()) {
            node = switch (segment) {
                case PathPattern.Literal l -> node.literals.computeIfAbsent(l.text(), k -> new RouteNode());
                case PathPattern.Param p -> node.param == null ? (node.param = new RouteNode()) : node.param;
                case PathPattern.Wildcard w -> node.wildcard == null ? (node.wildcard = new RouteNode()) : node.wildcard;
            };
        }
        if (node.anyMethod != null) {
            throw new RouteConflictException(route, node.anyMethod);
        }
        if (route.method() == null) {
            if (!node.byMethod.isEmpty()) {
                throw new RouteConflictException(route, node.byMethod.values().iterator().next());
            }
            node.anyMethod = route;
        } else {
            Route existing = node.byMethod.get(route.method());
            if (existing != null) {
                throw new RouteConflictException(route, existing);
            }
            node.byMethod.put(route.method(), route);
        }
    }

    /** The result of matching a path: the node and the values of its parameters, in order. */
    record Match(RouteNode node, List<String> values, String rawRemainder) {
    }

    /**
     * Finds the node for {@code rawPath} (still percent-encoded), or {@code null}.
     * Segments are split on real slashes first and decoded one by one, so an encoded slash
     * ({@code %2F}) stays inside its parameter.
     *
     * @throws HttpException 400 if a segment's percent-encoding is invalid
     */
    Match match(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return null; // asterisk-form ("OPTIONS *") and the like: no route has such a path
        }
        String[] raw = rawPath.substring(1).split("/", -1);
        String[] decoded = new String[raw.length];
        List<String> values = new ArrayList<>(4);
        String[] remainder = new String[1];
        RouteNode node = find(root, raw, decoded, 0, values, remainder);
        return node == null ? null : new Match(node, values, remainder[0]);
    }

    private RouteNode find(RouteNode node, String[] raw, String[] decoded, int i, List<String> values, String[] remainder) {
        if (i == raw.length) {
            return node.hasRoutes() ? node : null;
        }
        String segment = decode(raw, decoded, i);
        RouteNode literal = node.literals.get(segment);
        if (literal != null) {
            RouteNode found = find(literal, raw, decoded, i + 1, values, remainder);
            if (found != null) {
                return found;
            }
        }
        if (node.param != null && !segment.isEmpty()) {
            values.add(segment);
            RouteNode found = find(node.param, raw, decoded, i + 1, values, remainder);
            if (found != null) {
                return found;
            }
            values.remove(values.size() - 1);
        }
        if (node.wildcard != null && node.wildcard.hasRoutes()) {
            String rest = String.join("/", java.util.Arrays.asList(raw).subList(i, raw.length));
            values.add(decodeWhole(rest));
            remainder[0] = rest;
            return node.wildcard;
        }
        return null;
    }

    private static String decode(String[] raw, String[] decoded, int i) {
        if (decoded[i] == null) {
            decoded[i] = decodeWhole(raw[i]);
        }
        return decoded[i];
    }

    private static String decodeWhole(String raw) {
        try {
            return raw.indexOf('%') < 0 ? raw : QueryString.decodePath(raw);
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, "malformed request path: " + e.getMessage());
        }
    }
}
