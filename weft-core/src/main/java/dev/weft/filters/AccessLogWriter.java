package dev.weft.filters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes access log lines off the request path: the sink to give an {@link AccessLogFilter}.
 *
 * <pre>{@code
 * AccessLogWriter log = AccessLogWriter.toFile(Path.of("access.log"), AccessLogWriter.Format.COMBINED);
 * Router router = new Router().filter(new AccessLogFilter(log)) ... ;
 * // at shutdown, after the server has stopped:
 * log.close();
 * }</pre>
 *
 * <p>A request thread only formats its line and offers it to a bounded queue; one daemon
 * thread takes lines from the queue and writes them in batches (up to 256 lines a write),
 * flushing whenever the queue runs empty. Nothing a request does waits for the disk: when the queue is full (the
 * file system or the terminal cannot keep up), the line is dropped and counted in
 * {@link #dropped()}, so memory stays bounded whatever the load. A failed write does not
 * stop the thread: it is reported once to the {@code dev.weft.access} {@link System.Logger}
 * (again after a write has succeeded), and the lines it held are counted as dropped.
 */
public final class AccessLogWriter implements Consumer<AccessLogFilter.Entry>, AutoCloseable {

    /** The line format. */
    public enum Format {
        /** nginx's {@code combined} format; see {@link AccessLogFilter.Entry#combined}. */
        COMBINED,
        /** One JSON object per line; see {@link AccessLogFilter.Entry#json}. */
        JSON
    }

    /** How many lines may wait for the writer thread by default. */
    public static final int DEFAULT_CAPACITY = 8192;

    private static final System.Logger LOG = System.getLogger("dev.weft.access");
    private static final String END = new String("end"); // identity-compared marker

    private final Format format;
    private final ZoneId zone;
    private final Writer out;
    private final boolean closeOut;
    private final BlockingQueue<String> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    private AccessLogWriter(Writer out, boolean closeOut, Format format, ZoneId zone, int capacity) {
        this.out = out;
        this.closeOut = closeOut;
        this.format = Objects.requireNonNull(format, "format");
        this.zone = Objects.requireNonNull(zone, "zone");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().name("weft-access-log").daemon().start(this::drain);
    }

    /**
     * Appends to {@code file} (created if missing), in UTF-8, with the default capacity and
     * {@code $time_local} in the JVM's default time zone.
     */
    public static AccessLogWriter toFile(Path file, Format format) throws IOException {
        OutputStream stream = Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return new AccessLogWriter(new Utf8(stream), true, format, ZoneId.systemDefault(), DEFAULT_CAPACITY);
    }

    /**
     * Writes to {@code stream}, e.g. {@code System.out}, in UTF-8; {@link #close} flushes the
     * stream but leaves it open.
     */
    public static AccessLogWriter toStream(OutputStream stream, Format format) {
        return new AccessLogWriter(new Utf8(Objects.requireNonNull(stream, "stream")), false, format,
                ZoneId.systemDefault(), DEFAULT_CAPACITY);
    }

    /**
     * Writes to {@code writer}, with at most {@code capacity} lines waiting and
     * {@code $time_local} in {@code zone}; {@link #close} closes the writer.
     */
    public static AccessLogWriter toWriter(Writer writer, Format format, ZoneId zone, int capacity) {
        return new AccessLogWriter(Objects.requireNonNull(writer, "writer"), true, format, zone, capacity);
    }

    /** The line {@code entry} is written as, without the line break. */
    public String format(AccessLogFilter.Entry entry) {
        return format == Format.JSON ? entry.json() : entry.combined(zone);
    }

    /**
     * Queues {@code entry}'s line; never blocks. When the queue is full, or the writer is
     * closed, the line is dropped and counted.
     */
    @Override
    public void accept(AccessLogFilter.Entry entry) {
        if (closed || !queue.offer(format(entry))) {
            dropped.incrementAndGet();
        }
    }

    /** How many lines were dropped: the queue was full, a write failed, or the writer was closed. */
    public long dropped() {
        return dropped.get();
    }

    /** How many lines were written (handed to the file or stream; the last few may not be flushed yet). */
    public long written() {
        return written.get();
    }

    /**
     * Writes what is queued, flushes, and stops the writer thread, waiting up to five
     * seconds in all for it (a writer blocked longer is abandoned, and what was still queued
     * counted as dropped); lines offered afterwards are dropped.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            // The queue may be full: wait for room for the marker, as long as the thread drains.
            if (queue.offer(END, 5, TimeUnit.SECONDS)) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt(); // a sink that never returns: give up on it
            dropped.addAndGet(queue.size());
            queue.clear();
        }
    }

    private void drain() {
        List<String> batch = new ArrayList<>(256);
        StringBuilder text = new StringBuilder(256 * 200);
        boolean failing = false;
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, 255);
                boolean end = false;
                int lines = 0;
                text.setLength(0);
                for (String line : batch) {
                    if (line == END) {
                        end = true;
                        break;
                    }
                    text.append(line).append('\n');
                    lines++;
                }
                try {
                    // One write per batch, nothing kept back: a failed write loses exactly this batch.
                    if (lines > 0) {
                        out.write(text.toString());
                    }
                    if (end || queue.isEmpty()) {
                        out.flush();
                    }
                    written.addAndGet(lines);
                    if (failing) {
                        failing = false;
                        LOG.log(System.Logger.Level.INFO, "access log: writing again");
                    }
                } catch (IOException e) {
                    // Whatever this batch held may or may not have reached the file: count it lost.
                    dropped.addAndGet(lines);
                    if (!failing) {
                        failing = true;
                        LOG.log(System.Logger.Level.WARNING, "access log: cannot write, dropping lines until it works again: " + e);
                    }
                }
                batch.clear();
                if (text.capacity() > (1 << 20)) {
                    text = new StringBuilder(256 * 200); // do not keep a huge buffer after a burst of long lines
                }
                if (end) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // close() gave up on a writer that blocks
        } finally {
            try {
                if (closeOut) {
                    out.close();
                } else {
                    out.flush();
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "access log: cannot close: " + e);
            }
        }
    }

    /** Each write encoded as UTF-8 and handed on at once, with no buffer that could keep a failed write's bytes. */
    private static final class Utf8 extends Writer {
        private final OutputStream out;

        Utf8(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(char[] chars, int off, int len) throws IOException {
            out.write(new String(chars, off, len).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
