package dev.weft.routing;

/**
 * Two routes would answer the same method on the same paths, e.g. {@code GET /users/{id}}
 * and {@code GET /users/{name}}. Thrown when the second is added, so the mistake shows when
 * the application starts, not when a request arrives.
 */
public class RouteConflictException extends IllegalArgumentException {

    RouteConflictException(Route added, Route existing) {
        super("route " + added.describe() + " clashes with " + existing.describe()
                + ": both match the same paths with the same method");
    }
}
