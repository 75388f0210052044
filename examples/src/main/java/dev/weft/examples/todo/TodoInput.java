package dev.weft.examples.todo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a client sends to create or replace a todo.
 *
 * @param title required, not blank, at most {@value #MAX_TITLE} characters
 * @param done  optional, {@code false} when absent
 */
public record TodoInput(String title, Boolean done) {

    /** The longest title accepted. */
    public static final int MAX_TITLE = 200;

    /** Checks the input; every problem is reported at once, by field. */
    public void validate() {
        Map<String, String> errors = new LinkedHashMap<>();
        if (title == null) {
            errors.put("title", "is required");
        } else if (title.isBlank()) {
            errors.put("title", "must not be blank");
        } else if (title.length() > MAX_TITLE) {
            errors.put("title", "must be at most " + MAX_TITLE + " characters");
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** Whether the todo is done; an absent value means not done. */
    public boolean isDone() {
        return done != null && done;
    }
}
