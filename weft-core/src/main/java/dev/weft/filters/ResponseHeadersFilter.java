package dev.weft.filters;

import dev.weft.http.ErrorResponses;
import dev.weft.http.Filter;
import dev.weft.http.Handler;
import dev.weft.http.Headers;
import dev.weft.http.HttpException;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Puts fixed header fields on every response: security headers, a {@code Cache-Control}
 * policy, a {@code Link}, whatever an operator wants everywhere.
 *
 * <pre>{@code
 * Headers fixed = new Headers()
 *         .add("X-Content-Type-Options", "nosniff")
 *         .add("Strict-Transport-Security", "max-age=63072000");
 * router.filter(ResponseHeadersFilter.of(fixed));
 * }</pre>
 *
 * <p>A configured field replaces whatever the handler set under that name (a field named
 * twice is sent twice), except {@code Vary}, whose values are added to the handler's: what a
 * response varies on is a union, and dropping the handler's {@code Accept-Encoding} would let
 * a cache hand gzip to a client that cannot read it. Error responses get the fields too: an
 * {@link HttpException} from the rest of the chain is answered here, as the server would
 * answer it ({@link ErrorResponses}), with the fields added.
 *
 * <p>Fields the server owns or that change how the body is framed or read are refused when
 * the filter is built: {@code Content-Length}, {@code Transfer-Encoding}, {@code Connection},
 * {@code Keep-Alive}, {@code Upgrade}, {@code Trailer}, {@code TE}, {@code Date},
 * {@code Content-Encoding} and {@code Content-Range}.
 */
public final class ResponseHeadersFilter implements Filter {

    private static final Set<String> REFUSED = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "trailer", "te", "date", "content-encoding", "content-range");

    private final Headers fields;

    private ResponseHeadersFilter(Headers fields) {
        this.fields = fields;
    }

    /**
     * A filter that sets {@code fields} on every response. The fields are copied; their names
     * and values were checked when they were added to {@code fields}.
     *
     * @throws IllegalArgumentException if a field is one the server owns or that frames the
     *                                  body (see the class description)
     */
    public static ResponseHeadersFilter of(Headers fields) {
        Objects.requireNonNull(fields, "fields");
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.nameAt(i);
            if (refused(name)) {
                throw new IllegalArgumentException("the header " + name + " cannot be set for every response");
            }
        }
        return new ResponseHeadersFilter(new Headers(fields));
    }

    /**
     * Whether {@code name} is a field this filter refuses: one the server owns or that frames
     * or encodes the body.
     */
    public static boolean refused(String name) {
        return REFUSED.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The fields set on every response (a copy). */
    public Headers fields() {
        return new Headers(fields);
    }

    @Override
    public Response filter(Request request, Handler next) throws Exception {
        Response response;
        try {
            response = next.handle(request);
        } catch (HttpException e) {
            response = ErrorResponses.of(request, e);
        }
        Headers headers = response.headers();
        for (String name : fields.names()) {
            if (!name.equalsIgnoreCase("Vary")) {
                headers.remove(name);
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            headers.add(fields.nameAt(i), fields.valueAt(i));
        }
        return response;
    }
}
