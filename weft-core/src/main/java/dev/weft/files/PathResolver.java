package dev.weft.files;

import dev.weft.http.HttpException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Maps a request's raw (still percent-encoded) path to a file under the root, or refuses.
 *
 * <p>Each segment is decoded on its own, so an encoded {@code /} ({@code %2F}) can never
 * join two segments or climb out of one. Refused with {@code 400}: malformed escapes or
 * UTF-8, a backslash (raw or encoded), NUL and other control characters, {@code .} and
 * {@code ..} segments (browsers resolve those before sending), and empty segments
 * ({@code //}, which would also turn a redirect into one to another host). Refused with
 * {@code 404}: hidden (dot) names unless shown, files that do not exist, and files whose real
 * location is outside the real root unless links may be followed out of it.
 */
final class PathResolver {

    /** A path in the root; {@code attributes} follow links. */
    record Resolved(Path file, BasicFileAttributes attributes) {
    }

    private static final int MAX_SEGMENTS = 64;

    private final Path root;
    private final Path realRoot;
    private final boolean followLinks;
    private final boolean showHidden;

    /**
     * @param root a folder that exists
     * @throws IOException if the root's real path cannot be found
     */
    PathResolver(Path root, boolean followLinks, boolean showHidden) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = root.toRealPath();
        this.followLinks = followLinks;
        this.showHidden = showHidden;
    }

    Path realRoot() {
        return realRoot;
    }

    /**
     * The file a raw request path names.
     *
     * @throws HttpException 400 for a path that is malformed or tries to escape, 404 for one
     *                       that names nothing servable
     */
    Resolved resolve(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw new HttpException(400, "the path must start with /");
        }
        Path file = root;
        int start = 1;
        int segments = 0;
        int n = rawPath.length();
        while (start < n) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 ? n : slash;
            if (end == start) {
                throw new HttpException(400, "empty path segment");
            }
            if (++segments > MAX_SEGMENTS) {
                throw new HttpException(400, "too many path segments");
            }
            String name = decodeSegment(rawPath, start, end);
            if (name.equals(".") || name.equals("..")) {
                throw new HttpException(400, "dot segments are not allowed");
            }
            if (name.charAt(0) == '.' && !showHidden) {
                throw notFound();
            }
            file = file.resolve(name);
            start = end + 1;
        }
        // Belt and braces: every name was checked above, so this only fails on a bug.
        if (!file.normalize().startsWith(root)) {
            throw new HttpException(400, "path outside the root");
        }
        Path checked = confine(file);
        if (checked == null) {
            throw notFound();
        }
        BasicFileAttributes attributes = attributes(checked);
        if (attributes == null) {
            throw notFound();
        }
        return new Resolved(checked, attributes);
    }

    /**
     * {@code file} as it should be opened, or {@code null} if it does not exist or links out of
     * the root while links may not. Without followLinks the real path is returned, so the file
     * opened is the file checked.
     */
    Path confine(Path file) {
        if (followLinks) {
            return Files.exists(file) ? file : null;
        }
        try {
            Path real = file.toRealPath();
            return real.startsWith(realRoot) ? real : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The attributes of a confined path, following links; {@code null} if it vanished. */
    static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Attributes of a neighbour such as {@code index.html} or a sidecar, confined like a request. */
    Resolved sibling(Path file) {
        Path checked = confine(file);
        if (checked == null) {
            return null;
        }
        BasicFileAttributes attributes = attributes(checked);
        return attributes == null ? null : new Resolved(checked, attributes);
    }

    /** Whether a listed entry may be shown: not hidden, and not a link out of the root. */
    boolean listable(Path entry, String name) {
        if (name.charAt(0) == '.' && !showHidden) {
            return false;
        }
        if (!followLinks && Files.isSymbolicLink(entry)) {
            return confine(entry) != null;
        }
        return true;
    }

    private static HttpException notFound() {
        return new HttpException(404, "Not Found");
    }

    /** Strict percent-decoding of one segment as UTF-8; see the class comment for what is refused. */
    static String decodeSegment(String raw, int from, int to) {
        boolean encoded = false;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                encoded = true;
            } else if (c == '\\') {
                throw new HttpException(400, "backslash in path");
            } else if (c < 0x21 || c > 0x7e) {
                throw new HttpException(400, "invalid character in path");
            }
        }
        if (!encoded) {
            return raw.substring(from, to);
        }
        byte[] bytes = new byte[to - from];
        int len = 0;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    throw new HttpException(400, "malformed percent escape in path");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new HttpException(400, "malformed percent escape in path");
                }
                int b = (hi << 4) | lo;
                if (b == '/' || b == '\\') {
                    throw new HttpException(400, "encoded slash or backslash in path");
                }
                if (b < 0x20 || b == 0x7f) {
                    throw new HttpException(400, "control character in path");
                }
                bytes[len++] = (byte) b;
                i += 2;
            } else {
                bytes[len++] = (byte) c;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpException(400, "path is not valid UTF-8");
        }
    }
}
