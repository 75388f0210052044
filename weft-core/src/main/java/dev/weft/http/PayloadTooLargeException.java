package dev.weft.http;

/**
 * A request body is larger than the handler or route allows: answered with {@code 413}.
 *
 * <p>It is unchecked so that it can leave {@link java.io.InputStream#read} in the middle of
 * a parser; code that wraps exceptions (JSON binders do) should look for it in the cause
 * chain, as {@link HttpException#findIn(Throwable)} does.
 */
public class PayloadTooLargeException extends HttpException {

    /**
     * A body over {@code maxBytes}.
     *
     * @param maxBytes the limit that was exceeded, named in the message
     */
    public PayloadTooLargeException(long maxBytes) {
        super(413, "request body is larger than " + maxBytes + " bytes");
    }
}
