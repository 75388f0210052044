import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An experiment, not part of weft: how much of a keep-alive request's CPU is the way a virtual
 * thread waits for the next request? Two minimal servers, one virtual thread per connection,
 * the same 144-byte answer as weft's hello world, no HTTP parsing beyond counting heads:
 *
 * <ul>
 * <li>{@code jdk}: a blocking read on the virtual thread, as weft did until session 3. Each wait is a
 *     read that fails with EAGAIN, an {@code epoll_ctl} to arm the JDK's one-shot poller, and a
 *     wake-up through the poller.</li>
 * <li>{@code selector}: the socket is non-blocking and registered once, for good, with a
 *     level-triggered {@link Selector} that one virtual thread polls; a connection whose last
 *     read drained the socket parks straight away and is unparked by that thread. A wait costs
 *     no failed read and no {@code epoll_ctl}; one {@code epoll_wait} serves many connections.</li>
 * </ul>
 *
 * <pre>
 * taskset -c 0 java bench/experiments/IoModel.java 8080 selector &amp;
 * taskset -c 1 wrk -t1 -c64 -d10s http://127.0.0.1:8080/
 * </pre>
 * Figures: docs/PERFORMANCE.md. weft's virtual-thread mode now waits the {@code selector} way
 * ({@code dev.weft.server.SocketPoller} and {@code PolledSocket}); this file stays as the
 * smallest version of the idea.
 */
public class IoModel {

    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nDate: Mon, 23 Nov 2026 21:13:54 GMT\r\n"
            + "Server: weft\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 13\r\n\r\n"
            + "Hello, World!").getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        boolean selector = args.length > 1 && args[1].equals("selector");
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 2048);
        Poller poller = selector ? new Poller() : null;
        while (true) {
            SocketChannel socket = server.accept();
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Thread.ofVirtual().start(() -> {
                try (socket) {
                    if (poller == null) {
                        serveBlocking(socket);
                    } else {
                        servePolled(socket, poller);
                    }
                } catch (IOException e) {
                    // the client went away
                }
            });
        }
    }

    /** How many complete request heads {@code n} bytes hold (every request here has no body). */
    private static int heads(byte[] b, int n) {
        int count = 0;
        for (int i = 3; i < n; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                count++;
            }
        }
        return count;
    }

    private static void serveBlocking(SocketChannel socket) throws IOException {
        InputStream in = socket.socket().getInputStream();
        OutputStream out = socket.socket().getOutputStream();
        byte[] buffer = new byte[1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            for (int i = heads(buffer, n); i > 0; i--) {
                out.write(ANSWER);
            }
        }
    }

    private static void servePolled(SocketChannel socket, Poller poller) throws IOException {
        socket.configureBlocking(false);
        Waiter waiter = poller.register(socket);
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        ByteBuffer answer = ByteBuffer.wrap(ANSWER);
        while (true) {
            waiter.awaitReadable(); // the last read drained the socket: no read that would fail
            buffer.clear();
            int n = socket.read(buffer);
            if (n < 0) {
                return;
            }
            for (int i = heads(buffer.array(), n); i > 0; i--) {
                answer.clear();
                while (answer.hasRemaining()) {
                    socket.write(answer); // small answers: the send buffer never fills here
                }
            }
        }
    }

    /** One connection's side of the poller. */
    static final class Waiter {
        static final int NONE = 0, WAITING = 1, READY = 2;
        final AtomicInteger state = new AtomicInteger(NONE);
        final Poller poller;
        volatile Thread thread;
        volatile SelectionKey key;

        Waiter(Poller poller) {
            this.poller = poller;
        }

        void awaitReadable() {
            thread = Thread.currentThread();
            if (state.compareAndSet(NONE, WAITING)) {
                while (state.get() == WAITING) {
                    LockSupport.park(this);
                }
            } else {
                // Readable while we were busy: the poller stopped watching; watch again.
                state.set(NONE);
                poller.watch(this);
            }
        }
    }

    /** One virtual thread polls every socket; level-triggered, registered once per socket. */
    static final class Poller {
        final Selector selector;
        final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();

        Poller() throws IOException {
            selector = Selector.open();
            Thread.ofVirtual().name("poller").start(this::loop);
        }

        Waiter register(SocketChannel socket) {
            Waiter waiter = new Waiter(this);
            waiter.state.set(Waiter.READY); // the first request may be here already: read before waiting
            changes.add(() -> {
                try {
                    waiter.key = socket.register(selector, 0, waiter);
                } catch (IOException e) {
                    // closed before it was registered: its thread has ended already
                }
            });
            selector.wakeup();
            return waiter;
        }

        void watch(Waiter waiter) {
            changes.add(() -> {
                if (waiter.key != null && waiter.key.isValid()) {
                    waiter.key.interestOps(SelectionKey.OP_READ);
                }
            });
            selector.wakeup();
        }

        void loop() {
            try {
                while (true) {
                    Runnable change;
                    while ((change = changes.poll()) != null) {
                        change.run();
                    }
                    selector.select();
                    for (SelectionKey key : selector.selectedKeys()) {
                        Waiter w = (Waiter) key.attachment();
                        if (w.state.compareAndSet(Waiter.WAITING, Waiter.NONE)) {
                            LockSupport.unpark(w.thread);
                        } else if (w.state.compareAndSet(Waiter.NONE, Waiter.READY)) {
                            key.interestOps(0); // level-triggered: stop reporting until it waits again
                        }
                    }
                    selector.selectedKeys().clear();
                    Thread.yield(); // let the threads just woken run before polling again
                }
            } catch (IOException e) {
                e.printStackTrace();
            }
        }
    }
}
