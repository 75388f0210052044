package dev.weft.protocol;

/** How the engine gives connections threads: what a protocol may assume about them. */
public enum Threading {
    /** One virtual thread per connection while it works: a blocked thread is cheap. */
    VIRTUAL_THREADS,
    /**
     * A fixed pool of platform workers shared by all connections (the Rust book's model): a
     * connection should hold one only while it has work, and wait without one otherwise.
     */
    FIXED_WORKERS
}
