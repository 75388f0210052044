package dev.weft.http;

/**
 * The former name of {@link StatusCodes}, which holds the same two rules.
 *
 * @deprecated use {@link StatusCodes}; this class only forwards to it.
 */
@Deprecated
public final class Status {

    private Status() {
    }

    /**
     * The registered reason phrase for a status code, or an empty string.
     *
     * @deprecated use {@link StatusCodes#reason}
     */
    @Deprecated
    public static String reason(int code) {
        return StatusCodes.reason(code);
    }

    /**
     * Whether a response with this status never has a body.
     *
     * @deprecated use {@link StatusCodes#forbidsBody}
     */
    @Deprecated
    public static boolean forbidsBody(int code) {
        return StatusCodes.forbidsBody(code);
    }
}
