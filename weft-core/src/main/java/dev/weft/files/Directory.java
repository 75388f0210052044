package dev.weft.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open folder, and what can be done relative to it without following a link: look at an
 * entry, open an entry as a file or as a folder, list the entries.
 *
 * <p>This is what keeps the served folder closed while it changes. A path checked and then
 * opened by name leaves a window in which a checked folder can be swapped for a link to
 * {@code /etc}; an entry opened relative to its already open parent with {@code O_NOFOLLOW}
 * ({@code openat}) is the entry that is there, or nothing. On Linux and macOS the JDK gives
 * exactly that as a {@link SecureDirectoryStream}; where it does not (Windows), the same
 * calls go by path with the last step unfollowed, which narrows the window but cannot close it.
 */
abstract sealed class Directory implements Closeable {

    /** The path this folder was opened as: for messages, link targets and the fallback. */
    final Path path;

    private Directory(Path path) {
        this.path = path;
    }

    /** Opens {@code folder}, following links on the way to it (the root may be one). */
    static Directory open(Path folder) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(folder);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return new Secure(folder, secure);
        }
        stream.close();
        return new ByPath(folder);
    }

    /** Opens a folder by path without the guarantees of an open parent (links followed out of the root). */
    static Directory byPath(Path folder) {
        return new ByPath(folder);
    }

    /** The attributes of the entry itself (a link is reported as a link), or null if there is none. */
    abstract BasicFileAttributes stat(String name) throws IOException;

    /** The entry opened as a folder, or null if it is not one now (gone, a file, a link). */
    abstract Directory openDirectory(String name) throws IOException;

    /**
     * The entry opened for reading, or null if it is gone or has become a link.
     *
     * @throws AccessDeniedException if it may not be read
     */
    abstract FileChannel openFile(String name) throws IOException;

    /** A new handle on the same folder, for a listing of its own (a handle may be iterated once). */
    abstract Directory reopen() throws IOException;

    /** Calls {@code action} with the name of every entry; a handle may be iterated once. */
    abstract void forEachName(Consumer<String> action) throws IOException;

    /** The attributes of this folder itself. */
    abstract BasicFileAttributes attributes() throws IOException;

    /**
     * Every failed open but a refused permission reads as "not there now": the entry went, or
     * became a link ({@code O_NOFOLLOW} refuses it with {@code ELOOP}) or something other than
     * what was asked for. The JDK reports those with several exception types and messages, and
     * while the folder changes any of them can come from a name that a moment later looks fine.
     */
    private static <T> T notThereNow(IOException e) throws AccessDeniedException {
        if (e instanceof AccessDeniedException denied) {
            throw denied;
        }
        return null;
    }

    /** Relative to an open folder: {@code fstatat}, {@code openat} with {@code O_NOFOLLOW}. */
    private static final class Secure extends Directory {
        private final SecureDirectoryStream<Path> stream;
        private final boolean posix;

        Secure(Path path, SecureDirectoryStream<Path> stream) {
            super(path);
            this.stream = stream;
            this.posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        }

        private Path entry(String name) {
            return path.getFileSystem().getPath(name);
        }

        @Override
        BasicFileAttributes stat(String name) throws IOException {
            try {
                // Posix attributes carry the permissions: a chmod then changes what is cached.
                return posix
                        ? stream.getFileAttributeView(entry(name), PosixFileAttributeView.class,
                                LinkOption.NOFOLLOW_LINKS).readAttributes()
                        : stream.getFileAttributeView(entry(name), BasicFileAttributeView.class,
                                LinkOption.NOFOLLOW_LINKS).readAttributes();
            } catch (NoSuchFileException | NotDirectoryException e) {
                return null;
            }
        }

        @Override
        Directory openDirectory(String name) throws IOException {
            try {
                return new Secure(path.resolve(name),
                        stream.newDirectoryStream(entry(name), LinkOption.NOFOLLOW_LINKS));
            } catch (IOException e) {
                return notThereNow(e);
            }
        }

        @Override
        FileChannel openFile(String name) throws IOException {
            try {
                return (FileChannel) stream.newByteChannel(entry(name),
                        java.util.Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException e) {
                return notThereNow(e);
            }
        }

        @Override
        Directory reopen() throws IOException {
            // "." relative to the open folder: the same folder, whatever its name leads to now.
            return new Secure(path, stream.newDirectoryStream(entry("."), LinkOption.NOFOLLOW_LINKS));
        }

        @Override
        void forEachName(Consumer<String> action) {
            for (Path child : stream) {
                action.accept(child.getFileName().toString());
            }
        }

        @Override
        BasicFileAttributes attributes() throws IOException {
            return stream.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /** By path: each call checks the last step only. */
    private static final class ByPath extends Directory {
        ByPath(Path path) {
            super(path);
        }

        @Override
        BasicFileAttributes stat(String name) {
            try {
                return Files.readAttributes(path.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        Directory openDirectory(String name) {
            BasicFileAttributes a = stat(name);
            return a != null && a.isDirectory() ? new ByPath(path.resolve(name)) : null;
        }

        @Override
        FileChannel openFile(String name) throws IOException {
            try {
                return FileChannel.open(path.resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return notThereNow(e);
            }
        }

        @Override
        Directory reopen() {
            return new ByPath(path);
        }

        @Override
        void forEachName(Consumer<String> action) throws IOException {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
                for (Path child : stream) {
                    names.add(child.getFileName().toString());
                }
            }
            names.forEach(action);
        }

        @Override
        BasicFileAttributes attributes() throws IOException {
            return Files.readAttributes(path, BasicFileAttributes.class);
        }

        @Override
        public void close() {
            // nothing is held open
        }
    }
}
