package dev.weft.routing;

import dev.weft.http.Handler;

/**
 * One registered route.
 *
 * @param method  the method it answers, or {@code null} for a mount, which answers all
 * @param pattern the path pattern
 * @param handler the handler, per-route filters already applied
 * @param mounted whether the handler gets the rest of the path as its path (a mount)
 */
record Route(String method, PathPattern pattern, Handler handler, boolean mounted) {

    String describe() {
        return (method == null ? "mount" : method) + " " + pattern.source();
    }
}
