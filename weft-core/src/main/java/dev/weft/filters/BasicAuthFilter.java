package dev.weft.filters;

import dev.weft.http.HttpChars;
import dev.weft.http.ErrorResponses;
import dev.weft.http.Filter;
import dev.weft.http.Handler;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * HTTP Basic authentication (RFC 7617) against a fixed list of users whose passwords are
 * stored as SHA-256 digests, never as text.
 *
 * <pre>{@code
 * // printf %s 'correct horse battery staple' | sha256sum
 * router.filter(BasicAuthFilter.builder()
 *         .realm("weft")
 *         .userSha256("alice", "c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a")
 *         .build());
 * }</pre>
 *
 * <p>A request without valid credentials gets {@code 401} with
 * {@code WWW-Authenticate: Basic realm="weft", charset="UTF-8"} and never reaches the rest of
 * the chain. That includes a malformed {@code Authorization} field (another scheme, bad
 * base64, bytes that are not UTF-8, no colon, more than one field, longer than
 * {@value #MAX_CREDENTIALS} characters): it is a missing credential, not a server error. A
 * request with valid credentials continues with the user's name attached as
 * {@link User} ({@code request.attribute(BasicAuthFilter.User.class)}).
 *
 * <p><b>Timing.</b> The user name and the password are both checked against every
 * configured user, with {@link MessageDigest#isEqual} on SHA-256 digests and no early exit,
 * so the time a check takes does not depend on which user was named, whether it exists, or
 * how much of the password was right.
 *
 * <p><b>Why SHA-256 and not bcrypt.</b> weft-core uses the JDK only, which has no bcrypt,
 * scrypt or Argon2. A plain SHA-256 digest keeps the password itself out of command lines
 * and files, but is fast to attack if the digest leaks: use long random passwords (a
 * password manager's, or {@code openssl rand -base64 24}). A deliberately slow hash would
 * also make every bad request cost the server that time, and this filter does no rate
 * limiting: put it behind something that does if it faces the internet. Basic credentials
 * cross the network in the clear: use it over TLS, or on a trusted network.
 */
public final class BasicAuthFilter implements Filter {

    /** The longest {@code Authorization} value looked at; a longer one is a 401. */
    public static final int MAX_CREDENTIALS = 4096;

    /**
     * The user a request was authenticated as, attached to the request that continues.
     *
     * @param name the user name, as configured
     */
    public record User(String name) {
    }

    private record Entry(String name, byte[] nameDigest, byte[] passwordDigest) {
    }

    private final List<Entry> users;
    private final String challenge;
    private final BiPredicate<byte[], byte[]> equal;

    private BasicAuthFilter(Builder b, BiPredicate<byte[], byte[]> equal) {
        if (b.users.isEmpty()) {
            throw new IllegalStateException("Basic authentication needs at least one user");
        }
        this.users = List.copyOf(b.users);
        this.challenge = "Basic realm=\"" + b.realm + "\", charset=\"UTF-8\"";
        this.equal = equal;
    }

    /** A builder; the realm is {@code weft} unless set, and at least one user must be added. */
    public static Builder builder() {
        return new Builder();
    }

    /** The SHA-256 digest of {@code password}'s UTF-8 bytes in lower-case hex, as {@code sha256sum} prints it. */
    public static String sha256Hex(String password) {
        return HexFormat.of().formatHex(sha256(password.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Response filter(Request request, Handler next) throws Exception {
        String user = authenticate(request.headers().all("Authorization"));
        if (user == null) {
            return ErrorResponses.of(request, 401, "Unauthorized").header("WWW-Authenticate", challenge);
        }
        return next.handle(request.withAttribute(User.class, new User(user)));
    }

    /** The configured name of the user these {@code Authorization} fields prove, or {@code null}. */
    String authenticate(List<String> authorization) {
        if (authorization.size() != 1) {
            return null;
        }
        String[] credentials = credentials(authorization.get(0));
        if (credentials == null) {
            return null;
        }
        byte[] name = sha256(credentials[0].getBytes(StandardCharsets.UTF_8));
        byte[] password = sha256(credentials[1].getBytes(StandardCharsets.UTF_8));
        String found = null;
        for (Entry entry : users) {
            // Both compared, always, for every user: & and |, never && or ||.
            boolean match = equal.test(entry.nameDigest(), name) & equal.test(entry.passwordDigest(), password);
            if (match & found == null) {
                found = entry.name();
            }
        }
        return found;
    }

    /** The user id and password of a Basic credential, or {@code null} if it is not one. */
    static String[] credentials(String value) {
        if (value.length() > MAX_CREDENTIALS) {
            return null;
        }
        String v = value.strip();
        int space = v.indexOf(' ');
        if (space < 0 || !v.substring(0, space).equalsIgnoreCase("Basic")) {
            return null;
        }
        String token = v.substring(space + 1).strip();
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text;
        try {
            text = HttpChars.strictUtf8(decoded, 0, decoded.length);
        } catch (CharacterCodingException e) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon < 0 || hasControl(text)) {
            return null;
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    private static boolean hasControl(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true; // RFC 7617 2: neither user-id nor password may hold control characters
            }
        }
        return false;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Configures a {@link BasicAuthFilter}. */
    public static final class Builder {
        private final List<Entry> users = new ArrayList<>();
        private String realm = "weft";

        private Builder() {
        }

        /**
         * The realm named in the challenge, shown by browsers in their login prompt.
         *
         * @throws IllegalArgumentException if it is empty or holds a quote, a backslash or a
         *                                  character outside printable ASCII
         */
        public Builder realm(String realm) {
            Objects.requireNonNull(realm, "realm");
            if (realm.isEmpty()) {
                throw new IllegalArgumentException("the realm must not be empty");
            }
            for (int i = 0; i < realm.length(); i++) {
                char c = realm.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    throw new IllegalArgumentException("the realm may hold printable ASCII other than \" and \\");
                }
            }
            this.realm = realm;
            return this;
        }

        /**
         * Adds a user whose password's SHA-256 digest is {@code sha256Hex}: 64 hex digits, as
         * {@code printf %s 'PASSWORD' | sha256sum} prints them.
         *
         * @throws IllegalArgumentException if the name is empty or holds a colon or a control
         *                                  character, is already added, or the digest is not
         *                                  64 hex digits
         */
        public Builder userSha256(String name, String sha256Hex) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256Hex, "sha256Hex");
            if (name.isEmpty() || name.indexOf(':') >= 0 || hasControl(name)) {
                throw new IllegalArgumentException("a user name must be non-empty, without a colon or control characters");
            }
            if (sha256Hex.length() != 64 || !sha256Hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("a SHA-256 digest is 64 hex digits");
            }
            for (Entry e : users) {
                if (e.name().equals(name)) {
                    throw new IllegalArgumentException("the user " + name + " is already added");
                }
            }
            users.add(new Entry(name, sha256(name.getBytes(StandardCharsets.UTF_8)),
                    HexFormat.of().parseHex(sha256Hex.toLowerCase(Locale.ROOT))));
            return this;
        }

        /** Adds a user with {@code password}, of which only the digest is kept. */
        public Builder user(String name, String password) {
            return userSha256(name, sha256Hex(password));
        }

        /**
         * The filter.
         *
         * @throws IllegalStateException if no user was added
         */
        public BasicAuthFilter build() {
            return new BasicAuthFilter(this, MessageDigest::isEqual);
        }

        /** The filter, comparing digests with {@code equal}: for tests that count comparisons. */
        BasicAuthFilter build(BiPredicate<byte[], byte[]> equal) {
            return new BasicAuthFilter(this, equal);
        }
    }
}
