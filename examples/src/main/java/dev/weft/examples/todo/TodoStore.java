package dev.weft.examples.todo;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The todos, in memory. Safe for concurrent use without locks: ids come from an atomic
 * counter and every change is a single atomic map operation, so two requests changing the
 * same todo cannot interleave halfway.
 */
public final class TodoStore {

    private final ConcurrentMap<Long, Todo> todos = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();

    /** Every todo, by id; only the done (or not done) ones if {@code done} is given. */
    public List<Todo> list(Optional<Boolean> done) {
        return todos.values().stream()
                .filter(t -> done.isEmpty() || t.done() == done.get())
                .sorted(Comparator.comparingLong(Todo::id))
                .toList();
    }

    /** The todo with {@code id}, if any. */
    public Optional<Todo> get(long id) {
        return Optional.ofNullable(todos.get(id));
    }

    /** Adds a todo with a new id. */
    public Todo add(TodoInput input) {
        Todo todo = new Todo(lastId.incrementAndGet(), input.title(), input.isDone());
        todos.put(todo.id(), todo);
        return todo;
    }

    /** Replaces the title and state of todo {@code id}; empty if there is none. */
    public Optional<Todo> replace(long id, TodoInput input) {
        return Optional.ofNullable(todos.computeIfPresent(id, (k, old) -> new Todo(id, input.title(), input.isDone())));
    }

    /** Removes todo {@code id}; returns whether it existed. */
    public boolean remove(long id) {
        return todos.remove(id) != null;
    }
}
