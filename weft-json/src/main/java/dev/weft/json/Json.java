package dev.weft.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.weft.http.Body;
import dev.weft.http.HttpException;
import dev.weft.http.JsonText;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * JSON request and response bodies, with Jackson.
 *
 * <pre>{@code
 * Json json = Json.create();
 * router.post("/todos", request -> {
 *     NewTodo input = json.read(request, NewTodo.class);
 *     return json.response(201, store.add(input));
 * });
 * }</pre>
 *
 * <p>Reading answers bad input with an {@link HttpException}, so the client learns what to
 * fix and no Jackson internals (class names, stack traces) reach it:
 * <ul>
 *   <li>{@code 415} when {@code Content-Type} is not {@code application/json} or a
 *       {@code +json} type;</li>
 *   <li>{@code 413} when the body is over {@link #maxBytes()} (default 1 MiB);</li>
 *   <li>{@code 400} for malformed JSON, with the parser's line and column, and for JSON of
 *       the wrong shape (a string where a number belongs, an unknown field), with the
 *       field's path.</li>
 * </ul>
 * Instances are immutable and thread-safe: create one and share it, e.g. as router state.
 */
public final class Json {

    /** The default largest body {@link #read} accepts: 1 MiB, ample for API documents. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;

    private final ObjectMapper mapper;
    private final long maxBytes;

    private Json(ObjectMapper mapper, long maxBytes) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0");
        }
        this.maxBytes = maxBytes;
    }

    /**
     * A binder with a default mapper: unknown fields are errors (a typo should not pass
     * silently), and {@code null} for a primitive such as {@code int} is an error rather
     * than a quiet 0.
     */
    public static Json create() {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return new Json(mapper, DEFAULT_MAX_BYTES);
    }

    /** A binder using {@code mapper}, configured by the application (modules, naming). */
    public static Json using(ObjectMapper mapper) {
        return new Json(mapper, DEFAULT_MAX_BYTES);
    }

    /** This binder with another body limit. */
    public Json withMaxBytes(long maxBytes) {
        return new Json(mapper, maxBytes);
    }

    /** The largest request body {@link #read} accepts, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The mapper, for anything this class does not cover. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Reads the request body as a {@code type}.
     *
     * @throws HttpException 415, 413 or 400 as described in the class documentation
     * @throws IOException   if the connection fails while the body is read
     */
    public <T> T read(Request request, Class<T> type) throws IOException {
        return read(request, mapper.constructType(type));
    }

    /** Reads the request body as a generic type, e.g. {@code new TypeReference<List<Todo>>() {}}. */
    public <T> T read(Request request, TypeReference<T> type) throws IOException {
        return read(request, mapper.constructType(type));
    }

    private <T> T read(Request request, JavaType type) throws IOException {
        if (!isJson(request.header("Content-Type"))) {
            throw new HttpException(415, "expected Content-Type application/json");
        }
        byte[] body = request.bodyBytes(maxBytes);
        if (body.length == 0) {
            throw new HttpException(400, "request body is empty; expected JSON");
        }
        try {
            return mapper.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new HttpException(400, "unknown field " + JsonText.quote(e.getPropertyName()) + where(e), e);
        } catch (MismatchedInputException e) {
            throw new HttpException(400, "invalid value" + field(e) + where(e), e);
        } catch (JsonMappingException e) {
            // Value rejected by a constructor or setter: its message may be internal, so not sent.
            throw new HttpException(400, "invalid value" + field(e) + where(e), e);
        } catch (JsonProcessingException e) {
            throw new HttpException(400, "malformed JSON" + where(e) + ": " + summary(e), e);
        }
    }

    /**
     * A {@code 200} response with {@code value} as JSON.
     *
     * @throws IllegalArgumentException if Jackson cannot serialize the value (a programming error)
     */
    public Response response(Object value) {
        return response(200, value);
    }

    /** A response with {@code status} and {@code value} as JSON. */
    public Response response(int status, Object value) {
        return Response.status(status).contentType("application/json").body(Body.of(write(value)));
    }

    /** {@code value} serialized as JSON (UTF-8). */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** Whether a {@code Content-Type} is JSON: {@code application/json} or any {@code +json}, parameters ignored. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 0) {
            return "";
        }
        return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** The JSON path of the field a mapping error is about, e.g. {@code  for field items[2].title}. */
    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "" : " for field " + JsonText.quote(path.toString());
    }

    /** The parser's own words, without the source excerpt Jackson appends, kept short. */
    private static String summary(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        return message.length() > 160 ? message.substring(0, 160) + "..." : message;
    }
}
