package dev.weft.examples.todo;

/**
 * One todo item, as stored and as sent to clients.
 *
 * @param id    assigned by the store, never reused
 * @param title what to do, 1 to {@value TodoInput#MAX_TITLE} characters
 * @param done  whether it is done
 */
public record Todo(long id, String title, boolean done) {
}
