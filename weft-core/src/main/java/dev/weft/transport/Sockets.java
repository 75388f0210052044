package dev.weft.transport;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/** Small socket helpers the transports share. */
public final class Sockets {

    private Sockets() {
    }

    /** Closes {@code socket}, ignoring a failure: it is gone either way. */
    public static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
