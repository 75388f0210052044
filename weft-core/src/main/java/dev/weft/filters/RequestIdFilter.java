package dev.weft.filters;

import dev.weft.http.Filter;
import dev.weft.http.Handler;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.util.UUID;

/**
 * Gives every request an id: the client's (or proxy's) {@code X-Request-Id} when it is a
 * sane token, otherwise a new random UUID. The id is stored as a {@link RequestId} request
 * attribute and echoed in the response's {@code X-Request-Id}, so a user's bug report and
 * the server's log line can be matched.
 */
public final class RequestIdFilter implements Filter {

    /** The header carrying the id, both ways. */
    public static final String HEADER = "X-Request-Id";

    // An incoming id is echoed into a response header and into logs: accept only short
    // ids of harmless characters, so a client cannot forge log lines or bloat them.
    private static final int MAX_LENGTH = 128;

    /** A filter that keeps an acceptable incoming id and makes up the others. */
    public RequestIdFilter() {
    }

    @Override
    public Response filter(Request request, Handler next) throws Exception {
        String incoming = request.header(HEADER);
        String id = isAcceptable(incoming) ? incoming : UUID.randomUUID().toString();
        Response response = next.handle(request.withAttribute(RequestId.class, new RequestId(id)));
        return response.header(HEADER, id);
    }

    static boolean isAcceptable(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
