package dev.weft.examples.todo;

import java.util.Map;

/**
 * Input that parsed but is not acceptable; mapped by {@link TodoApp} to {@code 422} with
 * the problems by field, e.g. {@code {"errors":{"title":"must not be blank"}}}.
 */
public final class ValidationException extends RuntimeException {

    private final Map<String, String> errors;

    /** @param errors field name to what is wrong with it */
    public ValidationException(Map<String, String> errors) {
        super("invalid input: " + errors, null, false, false); // no stack trace: it is the client's mistake
        this.errors = Map.copyOf(errors);
    }

    /** Field name to problem. */
    public Map<String, String> errors() {
        return errors;
    }
}
