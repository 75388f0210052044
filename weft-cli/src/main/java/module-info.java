/**
 * The {@code weft} command: serves the built-in site or a folder. An application, not a
 * library: it exports nothing.
 */
module dev.weft.cli {
    requires dev.weft.core;
    // sun.misc.Signal: SIGINT and SIGTERM start a graceful shutdown.
    requires jdk.unsupported;
    // The server logs through System.Logger; Main formats its java.util.logging backend, which
    // a module-path launch resolves only if some module requires it.
    requires java.logging;
}
