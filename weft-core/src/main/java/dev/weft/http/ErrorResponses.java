package dev.weft.http;

import java.util.List;

/**
 * Small, safe error responses in the format the client asked for.
 *
 * <p>A client whose {@code Accept} header names a JSON type ({@code application/json} or
 * any {@code +json}) and does not prefer {@code text/plain} gets
 * <pre>{@code {"status":404,"error":"Not Found","message":"no such todo"}}</pre>
 * everyone else gets the message as {@code text/plain}. The message is sent as given: pass
 * only text that is safe for the client to see.
 */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    /** An error response for {@code status} with {@code message}, shaped by {@code request}'s {@code Accept}. */
    public static Response of(Request request, int status, String message) {
        if (wantsJson(request)) {
            return Response.status(status).json(json(status, message));
        }
        return Response.error(status, message + "\n");
    }

    /** The response for an {@link HttpException}. */
    public static Response of(Request request, HttpException e) {
        return of(request, e.status(), e.getMessage() == null ? StatusCodes.reason(e.status()) : e.getMessage());
    }

    /** The JSON error document for {@code status} and {@code message}. */
    public static String json(int status, String message) {
        return "{\"status\":" + status
                + ",\"error\":" + JsonText.quote(StatusCodes.reason(status))
                + ",\"message\":" + JsonText.quote(message) + "}";
    }

    /**
     * Whether {@code request} prefers JSON: its {@code Accept} names a JSON type with a
     * quality above zero that is at least as high as that of {@code text/plain}.
     */
    public static boolean wantsJson(Request request) {
        List<String> accept = request.headers().all("Accept");
        double json = QualityValues.highest(accept, type -> type.equals("application/json") || type.endsWith("+json"));
        double text = QualityValues.highest(accept, "text/plain"::equals);
        return json > 0 && json >= text;
    }
}
