package dev.weft.cli;

/** A command line that cannot be run; the message is shown to the user as is. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
