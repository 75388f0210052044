package dev.weft.protocol;

/** A protocol's answer to a connection's first bytes ({@link Protocol#recognises}). */
public enum Recognition {
    /** These bytes start this protocol. */
    YES,
    /** These bytes cannot start this protocol. */
    NO,
    /** Too few bytes to tell: ask again with more. */
    NEED_MORE
}
