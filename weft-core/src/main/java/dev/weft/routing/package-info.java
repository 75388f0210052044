/**
 * Routing: {@link dev.weft.routing.Router} dispatches requests to handlers by method and path
 * pattern, answers 404, 405, HEAD and OPTIONS itself, mounts any handler (static files, a
 * nested router) under a prefix, runs filters around its dispatch and maps exceptions to
 * responses. It imports only {@code dev.weft.http}: routes know nothing of sockets.
 */
package dev.weft.routing;
