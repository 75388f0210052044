package dev.weft.routing;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node of the route tree: one position in the path. Children are kept by kind so that
 * matching can try them in precedence order (literal, then parameter, then wildcard).
 */
final class RouteNode {

    final Map<String, RouteNode> literals = new HashMap<>();
    RouteNode param;
    RouteNode wildcard;
    /** Routes ending here, by method, in registration order. */
    final Map<String, Route> byMethod = new LinkedHashMap<>();
    /** A mount ending here: it answers every method. */
    Route anyMethod;

    boolean hasRoutes() {
        return anyMethod != null || !byMethod.isEmpty();
    }
}
