package dev.weft.http;

import java.time.Duration;

/**
 * A {@code Set-Cookie} response header, built fluently and added with
 * {@link Response#cookie(SetCookie)}:
 *
 * <pre>{@code
 * response.cookie(SetCookie.of("session", token).path("/").httpOnly().secure().sameSite("Lax"));
 * }</pre>
 *
 * <p>Names must be tokens and values cookie-octets (RFC 6265): no spaces, quotes, commas,
 * semicolons or backslashes. Encode anything else (e.g. Base64url) before setting it.
 */
public final class SetCookie {

    private final StringBuilder header;

    private SetCookie(String name, String value) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("cookie name must not be empty");
        }
        if (!HttpChars.isToken(name)) {
            throw new IllegalArgumentException("invalid cookie name: " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("invalid character in cookie value (code " + (int) c + ")");
            }
        }
        header = new StringBuilder(name).append('=').append(value);
    }

    /** A cookie named {@code name} with {@code value}. */
    public static SetCookie of(String name, String value) {
        return new SetCookie(name, value);
    }

    /** Sets the {@code Path} attribute. */
    public SetCookie path(String path) {
        return attribute("Path", path);
    }

    /** Sets the {@code Domain} attribute. */
    public SetCookie domain(String domain) {
        return attribute("Domain", domain);
    }

    /** Sets {@code Max-Age}; zero deletes the cookie. */
    public SetCookie maxAge(Duration maxAge) {
        return attribute("Max-Age", Long.toString(Math.max(0, maxAge.toSeconds())));
    }

    /** Adds {@code HttpOnly}: scripts cannot read the cookie. */
    public SetCookie httpOnly() {
        header.append("; HttpOnly");
        return this;
    }

    /** Adds {@code Secure}: sent only over HTTPS. */
    public SetCookie secure() {
        header.append("; Secure");
        return this;
    }

    /** Sets {@code SameSite} to {@code Strict}, {@code Lax} or {@code None}. */
    public SetCookie sameSite(String mode) {
        if (!mode.equals("Strict") && !mode.equals("Lax") && !mode.equals("None")) {
            throw new IllegalArgumentException("SameSite must be Strict, Lax or None");
        }
        return attribute("SameSite", mode);
    }

    private SetCookie attribute(String name, String value) {
        if (value.indexOf(';') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("invalid " + name + " value");
        }
        header.append("; ").append(name).append('=').append(value);
        return this;
    }

    /** The header value. */
    @Override
    public String toString() {
        return header.toString();
    }
}
