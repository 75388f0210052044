package dev.weft.files;

import dev.weft.http.HttpException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    private final Path realRoot;
    private final boolean followLinks;
    private final boolean showHidden;

    /**
     * @param root a folder that exists
     * @throws IOException if the root's real path cannot be found
     */
    PathResolver(Path root, boolean followLinks, boolean showHidden) throws IOException {
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
        // Decode and check every segment before touching the file system.
        String[] names = new String[8];
        int count = 0;
        int start = 1;
        int n = rawPath.length();
        while (start < n) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 ? n : slash;
            if (end == start) {
                throw new HttpException(400, "empty path segment");
            }
            if (count == MAX_SEGMENTS) {
                throw new HttpException(400, "too many path segments");
            }
            String name = decodeSegment(rawPath, start, end);
            if (name.equals(".") || name.equals("..")) {
                throw new HttpException(400, "dot segments are not allowed");
            }
            if (name.charAt(0) == '.' && !showHidden) {
                throw notFound();
            }
            if (count == names.length) {
                names = java.util.Arrays.copyOf(names, count * 2);
            }
            names[count++] = name;
            start = end + 1;
        }
        Resolved resolved = walk(names, count);
        if (resolved == null) {
            throw notFound();
        }
        return resolved;
    }

    /**
     * Walks down from the real root one name at a time. Without followLinks, each step is an
     * lstat: as long as no step is a link the path is already real (and the last lstat gives
     * the attributes), which costs far fewer system calls than {@code toRealPath} on every
     * request. A link anywhere sends the whole path through {@link #confine}.
     */
    private Resolved walk(String[] names, int count) {
        Path file = realRoot;
        for (int i = 0; i < count; i++) {
            file = file.resolve(names[i]);
        }
        // Belt and braces: every name was checked, so this only fails on a bug.
        if (!file.normalize().startsWith(realRoot)) {
            throw new HttpException(400, "path outside the root");
        }
        if (followLinks) {
            BasicFileAttributes attributes = attributes(file);
            return attributes == null ? null : new Resolved(file, attributes);
        }
        if (count == 0) {
            BasicFileAttributes attributes = attributes(realRoot);
            return attributes == null ? null : new Resolved(realRoot, attributes);
        }
        Path step = realRoot;
        BasicFileAttributes attributes = null;
        for (int i = 0; i < count; i++) {
            step = step.resolve(names[i]);
            attributes = lstat(step);
            if (attributes == null) {
                return null;
            }
            if (attributes.isSymbolicLink()) {
                return viaRealPath(file); // not sibling(): the steps after a link are not known to be real
            }
        }
        return new Resolved(file, attributes);
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

    /** The attributes of a path, following links; {@code null} if it does not exist. */
    static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static BasicFileAttributes lstat(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A file next to one already resolved ({@code index.html} in a folder, a {@code .br}
     * sidecar), confined like a request: {@code null} if it does not exist or leads out.
     */
    Resolved sibling(Path file) {
        if (!followLinks) {
            BasicFileAttributes own = lstat(file);
            if (own == null) {
                return null;
            }
            if (!own.isSymbolicLink()) {
                return new Resolved(file, own); // its parent was resolved, so it is real
            }
        }
        return viaRealPath(file);
    }

    private Resolved viaRealPath(Path file) {
        Path checked = confine(file);
        if (checked == null) {
            return null;
        }
        BasicFileAttributes attributes = attributes(checked);
        return attributes == null ? null : new Resolved(checked, attributes);
    }

    /**
     * The attributes to list {@code entry} with, or {@code null} to leave it out: hidden
     * names (unless shown), links out of the root (unless followed), dangling links.
     */
    BasicFileAttributes listable(Path entry, String name) {
        if (name.charAt(0) == '.' && !showHidden) {
            return null;
        }
        BasicFileAttributes own = lstat(entry);
        if (own == null || !own.isSymbolicLink()) {
            return own;
        }
        Resolved target = sibling(entry);
        return target == null ? null : target.attributes();
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
