package dev.weft.server;

import dev.weft.http.RequestLimits;
import dev.weft.protocol.Protocol;
import dev.weft.protocol.Threading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link Server} needs to know before it starts. Immutable; build one with
 * {@link #builder()}. Each option documents its default and unit.
 *
 * @param host            address to bind; default {@code 127.0.0.1} (loopback only: exposing a
 *                        server to the network is a decision, not a default)
 * @param port            TCP port; default 7878; 0 picks a free port (see {@link Server#port()})
 * @param backlog         pending connections the kernel may queue before {@code accept}; default 1024
 * @param threading       how connections get threads: {@link Threading#VIRTUAL_THREADS} (default,
 *                        one virtual thread per connection) or {@link Threading#FIXED_WORKERS}
 *                        (a fixed pool of platform workers, the Rust book's model)
 * @param workers         with fixed workers, how many (at least 1); 0 with virtual threads
 * @param queueCapacity   with fixed workers, connections that may wait for a free worker before
 *                        new ones get {@code 503}; default 256
 * @param maxConnections  connections served at once, in either mode, before new ones get
 *                        {@code 503}; default 10,000
 * @param shutdownTimeout how long {@link Server#close()} lets in-flight requests finish; default 30 s
 * @param idleTimeout     how long a keep-alive connection may wait for its next request; default 30 s
 * @param readTimeout     the longest silence allowed while a request is being received; default 30 s
 * @param headerTimeout   how long a request head may take to arrive in full, from its first byte
 *                        (or, on a new connection, from the accept): a client trickling its head
 *                        (slowloris) gets {@code 408} and is closed; default 10 s
 * @param minBodyRate     the slowest a request body may arrive, in bytes per second, after a grace
 *                        period of {@code headerTimeout}; 0 turns the check off; default 1024
 * @param writeTimeout    how long one write to a client may stay blocked (a client that stops
 *                        reading) before the connection is dropped; default 30 s
 * @param limits          request size limits; default {@link RequestLimits#DEFAULTS}
 * @param protocols       protocols served next to HTTP/1.1 on the same port, recognised by a
 *                        connection's first bytes and asked in this order (HTTP/1.1, always
 *                        served, is asked last and takes what no other recognises); default
 *                        none, and then connections are opened as HTTP/1.1 without peeking
 */
public record ServerConfig(
        String host,
        int port,
        int backlog,
        Threading threading,
        int workers,
        int queueCapacity,
        int maxConnections,
        Duration shutdownTimeout,
        Duration idleTimeout,
        Duration readTimeout,
        Duration headerTimeout,
        long minBodyRate,
        Duration writeTimeout,
        RequestLimits limits,
        List<Protocol> protocols) {

    /**
     * Checks every option; see each for its range.
     *
     * @throws NullPointerException     if an object option is null
     * @throws IllegalArgumentException if a number or duration is out of its range
     */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(threading, "threading");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(limits, "limits");
        protocols = List.copyOf(protocols);
        require(port >= 0 && port <= 65535, "port must be 0-65535, got " + port);
        require(backlog >= 1, "backlog must be at least 1, got " + backlog);
        if (threading == Threading.FIXED_WORKERS) {
            require(workers >= 1, "fixed workers must be at least 1, got " + workers);
        } else {
            require(workers == 0, "workers are counted only with fixed workers, got " + workers);
        }
        require(queueCapacity >= 1, "queue capacity must be at least 1, got " + queueCapacity);
        require(maxConnections >= 1, "max connections must be at least 1, got " + maxConnections);
        require(!shutdownTimeout.isNegative(), "shutdown timeout must not be negative");
        require(!idleTimeout.isNegative() && !idleTimeout.isZero(), "idle timeout must be positive");
        require(!readTimeout.isNegative() && !readTimeout.isZero(), "read timeout must be positive");
        require(!headerTimeout.isNegative() && !headerTimeout.isZero(), "header timeout must be positive");
        require(!writeTimeout.isNegative() && !writeTimeout.isZero(), "write timeout must be positive");
        require(minBodyRate >= 0, "minimum body rate must not be negative");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.backlog = backlog;
        b.threading = threading;
        b.workers = workers;
        b.queueCapacity = queueCapacity;
        b.maxConnections = maxConnections;
        b.shutdownTimeout = shutdownTimeout;
        b.idleTimeout = idleTimeout;
        b.readTimeout = readTimeout;
        b.headerTimeout = headerTimeout;
        b.minBodyRate = minBodyRate;
        b.writeTimeout = writeTimeout;
        b.limits = limits;
        b.protocols.addAll(protocols);
        return b;
    }

    /** Builds a {@link ServerConfig}; see the record for each option's default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 7878;
        private int backlog = 1024;
        private Threading threading = Threading.VIRTUAL_THREADS;
        private int workers = 0;
        private int queueCapacity = 256;
        private int maxConnections = 10_000;
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration headerTimeout = Duration.ofSeconds(10);
        private long minBodyRate = 1024;
        private Duration writeTimeout = Duration.ofSeconds(30);
        private RequestLimits limits = RequestLimits.DEFAULTS;
        private final List<Protocol> protocols = new ArrayList<>();

        private Builder() {
        }

        /** Address to bind. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** TCP port; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Pending connections the kernel may queue. */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /**
         * A fixed pool of {@code workers} platform threads (at least 1), the Rust book's model;
         * {@link #virtualThreads()} switches back.
         */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("fixed workers must be at least 1, got " + workers
                        + " (virtualThreads() for one virtual thread per connection)");
            }
            this.threading = Threading.FIXED_WORKERS;
            this.workers = workers;
            return this;
        }

        /** One virtual thread per connection (the default). */
        public Builder virtualThreads() {
            this.threading = Threading.VIRTUAL_THREADS;
            this.workers = 0;
            return this;
        }

        /** With fixed workers, connections that may wait for a free worker. */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Connections served at once before new ones get {@code 503}. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** How long {@link Server#close()} lets in-flight requests finish. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** How long a keep-alive connection may wait for its next request. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** The longest silence allowed while a request is being received. */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /** How long a request head may take to arrive in full. */
        public Builder headerTimeout(Duration headerTimeout) {
            this.headerTimeout = headerTimeout;
            return this;
        }

        /** Bytes per second a request body must at least arrive at; 0 for no check. */
        public Builder minBodyRate(long bytesPerSecond) {
            this.minBodyRate = bytesPerSecond;
            return this;
        }

        /** How long one write to a client may stay blocked. */
        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = writeTimeout;
            return this;
        }

        /** Request size limits, all at once. */
        public Builder limits(RequestLimits limits) {
            this.limits = limits;
            return this;
        }

        /** Largest request body a handler may read, in bytes. */
        public Builder maxBodyBytes(long bytes) {
            this.limits = limits.withMaxBodyBytes(bytes);
            return this;
        }

        /**
         * Serves {@code protocol} next to HTTP/1.1 on the same port: a connection whose first
         * bytes it recognises ({@link Protocol#recognises}) is opened with it. Protocols are
         * asked in the order they were added, HTTP/1.1 last. (A protocol reached only through
         * an upgrade, {@code Response.switchProtocols}, need not be registered.)
         */
        public Builder protocol(Protocol protocol) {
            this.protocols.add(Objects.requireNonNull(protocol, "protocol"));
            return this;
        }

        /** The configuration, checked. */
        public ServerConfig build() {
            return new ServerConfig(host, port, backlog, threading, workers, queueCapacity, maxConnections,
                    shutdownTimeout, idleTimeout, readTimeout, headerTimeout, minBodyRate, writeTimeout, limits,
                    protocols);
        }
    }
}
