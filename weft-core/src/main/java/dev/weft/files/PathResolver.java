package dev.weft.files;

import dev.weft.http.HttpException;
import dev.weft.http.HttpChars;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a request's raw (still percent-encoded) path to an entry under the root, or refuses.
 *
 * <p>Each segment is decoded on its own, so an encoded {@code /} ({@code %2F}) can never
 * join two segments or climb out of one. Refused with {@code 400}: malformed escapes or
 * UTF-8, a backslash (raw or encoded), NUL and other control characters, {@code .} and
 * {@code ..} segments (browsers resolve those before sending), and empty segments
 * ({@code //}, which would also turn a redirect into one to another host). Refused with
 * {@code 404}: hidden (dot) names unless shown, entries that do not exist, and entries
 * reached through a link that leads out of the root (unless links may be followed) or to a
 * hidden name.
 *
 * <p>The walk never lets the kernel follow a link inside the root: it opens the root, then
 * every folder relative to the one before without following links ({@link Directory}), and
 * looks at the last name relative to its open folder. A link met on the way is read and its
 * target walked again from the root the same way, with {@code ..} taken against folders
 * already opened, so whatever the link says, the walk stays under the root; a rename while
 * the walk runs can make it fail (404), never escape. The root itself is opened by its path
 * on every request, so a root that is a link a deploy flips ({@code current -> release2})
 * is followed to its new target at once.
 */
final class PathResolver {

    /** A found entry: a file as a name in its open folder, or a folder as itself ({@code name} null). */
    record Target(Directory dir, String name, BasicFileAttributes attributes, List<String> dirNames) {

        /** Whether the entry is a folder (then {@link #dir} is that folder). */
        boolean isFolder() {
            return name == null;
        }

        /** Whether it was reached by following a link out of the root (only when links may be followed). */
        boolean outside() {
            return dirNames == null;
        }

        /** A key naming the entry for caches: its path under the root, or its real path outside it. */
        String key() {
            String folder = dirNames == null ? "outside:" + dir.path : "/" + String.join("/", dirNames);
            return name == null ? folder : folder.endsWith("/") ? folder + name : folder + "/" + name;
        }

        /** The folder names from the root to the entry itself. */
        List<String> names() {
            if (name == null) {
                return dirNames;
            }
            List<String> all = new ArrayList<>(dirNames);
            all.add(name);
            return all;
        }
    }

    /**
     * The folders one lookup uses; closing it lets them go (kept ones stay open for later
     * lookups, see {@link OpenDirectories}; files opened from them stay open either way).
     */
    static final class Lookup implements AutoCloseable {
        private final List<OpenDirectories.Shared> used = new ArrayList<>(4);
        /**
         * Whether the last {@link #resolve} failed only because a name was not there: every
         * name before it was an ordinary entry (or a link that stays inside the root), not
         * hidden, not a link out, not a file with names after it.
         */
        private boolean absent;

        /** Whether the last resolve's 404 was an entry that does not exist, and nothing refused. */
        boolean absent() {
            return absent;
        }

        Directory use(OpenDirectories.Shared shared) {
            used.add(shared);
            return shared.dir;
        }

        Directory keep(Directory directory) {
            return use(new OpenDirectories.Shared(directory, null));
        }

        @Override
        public void close() {
            for (OpenDirectories.Shared s : used) {
                s.release();
            }
            used.clear();
        }
    }

    private static final int MAX_SEGMENTS = 64;
    /** Links followed in one lookup before giving up, as the kernel's own limit (ELOOP). */
    static final int MAX_LINKS = 40;

    private final Path root;
    private final OpenDirectories openDirectories = new OpenDirectories();
    private final boolean followLinks;
    private final boolean showHidden;

    /**
     * @param root a folder that exists
     * @throws IOException if the root's real path cannot be found
     */
    PathResolver(Path root, boolean followLinks, boolean showHidden) throws IOException {
        root.toRealPath(); // fails now if it does not exist
        this.root = root.toAbsolutePath().normalize();
        this.followLinks = followLinks;
        this.showHidden = showHidden;
    }

    /** The root's real path now (a root that is a link may point elsewhere later). */
    Path realRoot() {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root;
        }
    }

    /**
     * The entry a raw request path names; the folders it opened are kept by {@code lookup}.
     *
     * @throws HttpException 400 for a path that is malformed or tries to escape, 404 for one
     *                       that names nothing servable
     */
    Target resolve(String rawPath, Lookup lookup) throws IOException {
        lookup.absent = false;
        Target target = walk(names(rawPath), lookup);
        if (target != null) {
            lookup.absent = false;
        }
        if (target == null) {
            throw notFound();
        }
        return target;
    }

    /** The decoded names of a raw request path, checked one by one. */
    List<String> names(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw new HttpException(400, "the path must start with /");
        }
        List<String> names = new ArrayList<>(8);
        int start = 1;
        int n = rawPath.length();
        while (start < n) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 ? n : slash;
            if (end == start) {
                throw new HttpException(400, "empty path segment");
            }
            if (names.size() == MAX_SEGMENTS) {
                throw new HttpException(400, "too many path segments");
            }
            String name = decodeSegment(rawPath, start, end);
            if (name.equals(".") || name.equals("..")) {
                throw new HttpException(400, "dot segments are not allowed");
            }
            if (name.charAt(0) == '.' && !showHidden) {
                throw notFound();
            }
            names.add(name);
            start = end + 1;
        }
        return names;
    }

    /** Walks {@code names} down from the root; null if there is nothing servable there. */
    private Target walk(List<String> names, Lookup lookup) throws IOException {
        Directory rootDir = openRoot(lookup);
        if (rootDir == null) {
            return null;
        }
        Directory dir = rootDir;
        List<String> done = new ArrayList<>(names.size());
        ArrayDeque<String> todo = new ArrayDeque<>(names);
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            BasicFileAttributes a;
            try {
                a = dir.stat(name);
            } catch (IOException | InvalidPathException e) {
                return null; // there, but not to be looked at: not the same as absent
            }
            if (a == null) {
                lookup.absent = true;
                return null;
            }
            if (a.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    return null;
                }
                List<String> target = linkTarget(done, dir.path.resolve(name));
                if (target == HIDDEN) {
                    return null;
                }
                if (target == OUTSIDE) {
                    return followLinks ? outside(dir.path.resolve(name), todo, lookup) : null;
                }
                // Start again from the root along what the link names, then the rest.
                for (int i = target.size() - 1; i >= 0; i--) {
                    todo.addFirst(target.get(i));
                }
                done.clear();
                dir = rootDir;
                continue;
            }
            if (todo.isEmpty() && !a.isDirectory()) {
                return new Target(dir, name, a, List.copyOf(done));
            }
            if (!a.isDirectory()) {
                return null; // a file with more names after it
            }
            Directory next = openChild(dir, done, name, a, lookup);
            if (next == null) {
                return null; // became something else since the look: as if it were gone
            }
            dir = next;
            done.add(name);
            if (todo.isEmpty()) {
                return new Target(dir, null, a, List.copyOf(done));
            }
        }
        return new Target(rootDir, null, rootDir.attributes(), List.of());
    }

    /**
     * The root, opened by its path (a root that is a link is followed to wherever it points
     * now), or the kept handle if the path still leads to the same folder; null if it leads
     * nowhere for a moment (a deploy flipping a root link).
     */
    private Directory openRoot(Lookup lookup) throws IOException {
        try {
            Object identity = Files.readAttributes(root, BasicFileAttributes.class).fileKey();
            OpenDirectories.Shared kept = openDirectories.reuse("", identity);
            if (kept != null) {
                return lookup.use(kept);
            }
            return lookup.use(openDirectories.keep("", Directory.open(root)));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return null;
        }
    }

    /** The folder {@code name} in {@code parent}, just looked at as {@code a}, or null if it is not one now. */
    private Directory openChild(Directory parent, List<String> parentNames, String name, BasicFileAttributes a,
                                Lookup lookup) throws IOException {
        String key = parentNames.isEmpty() ? "/" + name : "/" + String.join("/", parentNames) + "/" + name;
        OpenDirectories.Shared kept = openDirectories.reuse(key, a.fileKey());
        if (kept != null) {
            return lookup.use(kept);
        }
        Directory fresh = parent.openDirectory(name);
        return fresh == null ? null : lookup.use(openDirectories.keep(key, fresh));
    }

    private static BasicFileAttributes statEntry(Directory dir, String name) {
        try {
            return dir.stat(name);
        } catch (IOException | InvalidPathException e) {
            return null;
        }
    }

    private static final List<String> OUTSIDE = List.of("outside");
    private static final List<String> HIDDEN = List.of("hidden");

    /**
     * The names, from the root, that the link at {@code link} points to, found in the folder
     * named by {@code linkDir}; {@link #OUTSIDE} if it leads out of the root, {@link #HIDDEN}
     * if it names a hidden entry; a link that cannot be read any more counts as leading out.
     */
    private List<String> linkTarget(List<String> linkDir, Path link) {
        Path text;
        try {
            text = Files.readSymbolicLink(link);
        } catch (IOException | UnsupportedOperationException e) {
            return OUTSIDE; // gone or not a link any more: nothing to follow inside
        }
        List<String> names;
        if (text.isAbsolute()) {
            Path normalized = text.normalize();
            Path realRoot = realRoot();
            Path base = normalized.startsWith(realRoot) ? realRoot : normalized.startsWith(root) ? root : null;
            if (base == null) {
                return OUTSIDE;
            }
            text = base.relativize(normalized);
            names = new ArrayList<>();
        } else {
            names = new ArrayList<>(linkDir);
        }
        for (Path part : text) {
            String name = part.toString();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (names.isEmpty()) {
                    return OUTSIDE;
                }
                names.remove(names.size() - 1); // the folders walked so far are real: lexical is physical
                continue;
            }
            if (name.charAt(0) == '.' && !showHidden) {
                return HIDDEN;
            }
            names.add(name);
        }
        return names;
    }

    /**
     * With links followed out of the root: what {@code link} and then {@code rest} lead to,
     * found by the kernel. Hidden names on the way are refused unless shown.
     */
    private Target outside(Path link, Iterable<String> rest, Lookup lookup) {
        Path full = link;
        for (String name : rest) {
            full = full.resolve(name);
        }
        Path real;
        BasicFileAttributes a;
        try {
            real = full.toRealPath();
            a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
        Path realRoot = realRoot();
        if (!showHidden) {
            for (Path part : real.startsWith(realRoot) ? realRoot.relativize(real) : real) {
                if (part.toString().startsWith(".")) {
                    return null;
                }
            }
        }
        if (a.isDirectory()) {
            return new Target(lookup.keep(Directory.byPath(real)), null, a, null);
        }
        Path parent = real.getParent();
        return parent == null ? null : new Target(Directory.byPath(parent), real.getFileName().toString(), a, null);
    }

    /**
     * An entry beside or inside a found one ({@code index.html} in a folder, a {@code .br}
     * sidecar beside a file), in the same open folder, with links resolved like a request's:
     * {@code null} if there is none, or it leads out or to a hidden name.
     */
    Target sibling(Target of, String name, Lookup lookup) throws IOException {
        if (name.charAt(0) == '.' && !showHidden) {
            return null;
        }
        BasicFileAttributes a = statEntry(of.dir(), name);
        if (a == null) {
            return null;
        }
        if (!a.isSymbolicLink()) {
            return new Target(of.dir(), name, a, of.dirNames());
        }
        if (of.outside()) {
            return outside(of.dir().path.resolve(name), List.of(), lookup);
        }
        List<String> names = new ArrayList<>(of.dirNames());
        names.add(name);
        return walk(names, lookup);
    }

    /**
     * The attributes to list the entry {@code name} of an open folder with, or {@code null} to
     * leave it out: hidden names (unless shown), names no request could ask for, links out of
     * the root (unless followed) or to hidden names, dangling links.
     */
    BasicFileAttributes listable(Target folder, String name) throws IOException {
        if (!visibleName(name)) {
            return null;
        }
        try (Lookup lookup = new Lookup()) {
            Target entry = sibling(folder, name, lookup);
            return entry == null ? null : entry.attributes();
        }
    }

    /** Whether a listing may show this name, before looking at what it is: not hidden, and requestable. */
    boolean visibleName(String name) {
        return !name.isEmpty() && (name.charAt(0) != '.' || showHidden) && requestable(name);
    }

    /**
     * Whether a request can name this entry: a name with a backslash or a control character
     * is refused with 400, and one whose bytes are not UTF-8 (shown with U+FFFD in their place)
     * cannot be spelled in a request at all.
     */
    static boolean requestable(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == '\uFFFD') {
                return false;
            }
        }
        return !name.equals(".") && !name.equals("..");
    }

    /**
     * Opens a found file for reading and checks that the file opened is the one its
     * attributes describe: the name pointed to the same file (device and inode), with the same
     * size and time, before and after the open, and the open file has that size. Returns null
     * if it changed in between (a deploy renamed a new version over it): the caller starts over.
     *
     * @throws HttpException 403 if the file may not be read
     */
    FileChannel open(Target file) throws IOException {
        FileChannel channel;
        try {
            channel = file.dir().openFile(file.name());
        } catch (AccessDeniedException e) {
            throw new HttpException(403, "Forbidden");
        }
        if (channel == null) {
            return null;
        }
        boolean same;
        try {
            BasicFileAttributes after = file.dir().stat(file.name());
            same = after != null && sameVersion(file.attributes(), after) && channel.size() == after.size();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (!same) {
            channel.close();
            return null;
        }
        return channel;
    }

    /** Whether two looks at a name saw the same file, unchanged. */
    static boolean sameVersion(BasicFileAttributes a, BasicFileAttributes b) {
        return a.size() == b.size()
                && a.lastModifiedTime().equals(b.lastModifiedTime())
                && java.util.Objects.equals(a.fileKey(), b.fileKey())
                && a.isRegularFile() == b.isRegularFile();
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
            return HttpChars.strictUtf8(bytes, 0, len);
        } catch (CharacterCodingException e) {
            throw new HttpException(400, "path is not valid UTF-8");
        }
    }
}
