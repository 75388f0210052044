package dev.weft.transport;

import dev.weft.protocol.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * What both plain-socket transports share: the accepted channel, the server's lingering
 * close, the watch on blocked writes, and the answers about the connection itself. A TLS
 * transport wraps one of them instead.
 */
abstract sealed class SocketTransport implements Transport permits BlockingTransport, PolledTransport {

    /** The accepted socket. */
    final SocketChannel channel;
    /** Closes gently: reads what the client still sends before closing. */
    final Lingering lingering;
    /** Times writes that wait, so the server's watchdog can drop a client that stopped reading. */
    final WriteWatch watch = new WriteWatch();

    SocketTransport(SocketChannel channel, Lingering lingering) {
        this.channel = channel;
        this.lingering = lingering;
    }

    @Override
    public boolean writeStalledLongerThan(long limitNanos, long now) {
        return watch.stalledLongerThan(limitNanos, now);
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() throws IOException {
        return (InetSocketAddress) channel.getRemoteAddress();
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public String applicationProtocol() {
        return null;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }
}
