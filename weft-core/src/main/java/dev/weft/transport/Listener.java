package dev.weft.transport;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * The listening socket and the one thread that accepts from it: the book's
 * {@code for stream in listener.incoming()}.
 *
 * <p>Accepted sockets are handed on at once; the acceptor never reads or writes, so a slow
 * client cannot stall it.
 */
public final class Listener {

    private static final System.Logger LOG = System.getLogger(Listener.class.getName());

    /** A virtual acceptor lets other threads run after this many connections in a row. */
    private static final int YIELD_EVERY = 16;

    private final ServerSocketChannel channel;
    private final InetSocketAddress address;
    private Thread acceptor;

    private Listener(ServerSocketChannel channel) throws IOException {
        this.channel = channel;
        this.address = (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * Binds {@code host:port}; port 0 picks a free one.
     *
     * @throws BindException when the address cannot be bound, with a message naming it, as
     *                       {@code cannot listen on 127.0.0.1:7878: address already in use}
     *                       (the JDK's own exception, which names neither, is its cause)
     */
    public static Listener bind(String host, int port, int backlog) throws IOException {
        InetSocketAddress where = new InetSocketAddress(host, port);
        if (where.isUnresolved()) {
            throw new IOException("cannot resolve bind address " + host);
        }
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(where, backlog);
            return new Listener(channel);
        } catch (BindException e) {
            channel.close();
            BindException named = new BindException("cannot listen on " + hostPort(host, port) + ": " + reason(e));
            named.initCause(e);
            throw named;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** {@code host:port}, with an IPv6 literal in brackets. */
    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The JDK's reason in the words the command prints ({@code Address already in use} varies by platform). */
    private static String reason(BindException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "cannot bind";
        }
        if (message.toLowerCase(java.util.Locale.ROOT).contains("in use")) {
            return "address already in use";
        }
        return message;
    }

    /** The bound address (with the port picked, if 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Starts the accept loop; {@code onAccept} runs on the acceptor thread for each connection.
     *
     * @param virtual whether the acceptor is a virtual thread. When connections are served on
     *                virtual threads, so is the acceptor: a connection's thread is then
     *                started from inside the scheduler (a push onto the carrier's own queue),
     *                not handed in from a platform thread that has to wake a carrier, which
     *                saves about a tenth of the CPU of a connection-per-request exchange.
     */
    public void start(Consumer<SocketChannel> onAccept, boolean virtual) {
        Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform();
        acceptor = builder.name("weft-acceptor-" + address.getPort()).start(() -> loop(onAccept));
    }

    private void loop(Consumer<SocketChannel> onAccept) {
        boolean virtual = Thread.currentThread().isVirtual();
        int turns = 0;
        while (channel.isOpen()) {
            if (virtual && ++turns % YIELD_EVERY == 0) {
                // A virtual thread is never preempted: while connections keep arriving, let the
                // ones already accepted be served too.
                Thread.yield();
            }
            SocketChannel socket;
            try {
                socket = channel.accept();
            } catch (ClosedChannelException e) {
                return; // close() was called
            } catch (IOException e) {
                // Typically out of file descriptors: back off instead of spinning.
                LOG.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
                pause();
                continue;
            }
            try {
                onAccept.accept(socket);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "failed to hand off a connection", e);
                Sockets.closeQuietly(socket);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting at once and waits for the acceptor thread to end. */
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the listener failed: " + e.getMessage());
        }
        if (acceptor != null) {
            try {
                acceptor.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
