package dev.weft.files;

import dev.weft.http.Body;
import dev.weft.http.Gzip;
import dev.weft.http.Handler;
import dev.weft.http.Headers;
import dev.weft.http.HttpException;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Serves a folder: files with their type, validators, ranges and compression, folders as their
 * {@code index.html} or a listing.
 *
 * <pre>{@code
 * Server.start(config, new StaticFiles(Path.of("public"), StaticFilesConfig.defaults()));
 * }</pre>
 *
 * <p>What a {@code GET} or {@code HEAD} gets:
 * <ul>
 * <li>a folder asked for without its trailing slash: {@code 301} to the path with it;</li>
 * <li>a folder: its {@code index.html}, else an HTML listing, or {@code 404} when listings are
 *     off ({@link StaticFilesConfig#withListing(boolean)});</li>
 * <li>a file: {@code Content-Type}, {@code ETag}, {@code Last-Modified},
 *     {@code Accept-Ranges: bytes}, {@code Vary: Accept-Encoding} and the configured
 *     {@code Cache-Control}; {@code 304}/{@code 412} for conditional requests; {@code 206}
 *     (one range, or {@code multipart/byteranges}) or {@code 416} for ranges; a {@code .br}
 *     or {@code .gz} sidecar, or gzip on the fly, when the client accepts it and no range
 *     was asked for;</li>
 * <li>anything unsafe or missing: {@code 400} or {@code 404} (see {@link PathResolver}); with
 *     the single-page fallback on, a missing path without an extension gets the root's
 *     {@code index.html} instead ({@link StaticFilesConfig#withSpaFallback(boolean)}).</li>
 * </ul>
 * Other methods get {@code 405} with {@code Allow: GET, HEAD}.
 *
 * <p>Whole files and single ranges are sent as {@link Body.FileRegion}s, which the HTTP/1.1
 * transport sends zero-copy, so a large file costs no more heap than a small one. The file
 * system is asked for size and modification time on every request (files changed on disk are
 * served fresh); only the header values derived from them, and the contents of small files
 * that have not changed for a while ({@link SmallFileCache}), are cached.
 */
public final class StaticFiles implements Handler {

    /** Smaller bodies are not worth the gzip header and the CPU. */
    static final long GZIP_MIN_BYTES = 1024;
    /** Files up to this size are read into memory per request rather than sent zero-copy. */
    static final long SMALL_FILE_BYTES = 4096;
    private static final String ALLOW = "GET, HEAD";
    private static final String HTML = "text/html; charset=utf-8";

    private final StaticFilesConfig config;
    private final PathResolver resolver;
    private final FileMetadata.Cache metadata = new FileMetadata.Cache(new MediaTypes());
    private final SmallFileCache smallFiles = new SmallFileCache();

    /** Serves {@code root} with {@link StaticFilesConfig#defaults()}. */
    public StaticFiles(Path root) throws IOException {
        this(root, StaticFilesConfig.defaults());
    }

    /**
     * Serves {@code root}.
     *
     * @throws IOException if {@code root} does not exist, is not a folder or cannot be resolved
     */
    public StaticFiles(Path root, StaticFilesConfig config) throws IOException {
        Objects.requireNonNull(root, "root");
        this.config = Objects.requireNonNull(config, "config");
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root.toString());
        }
        this.resolver = new PathResolver(root, config.followLinks(), config.showHidden());
    }

    /** The served folder, with links resolved. */
    public Path root() {
        return resolver.realRoot();
    }

    /** The options this handler was built with. */
    public StaticFilesConfig config() {
        return config;
    }

    @Override
    public Response handle(Request request) throws IOException {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Response.error(405, "Method Not Allowed\n").header("Allow", ALLOW);
        }
        // A file renamed over while it is looked at and opened is looked at again: every answer
        // describes and carries one version. A file that changes again at every look is a 503.
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (PathResolver.Lookup lookup = new PathResolver.Lookup()) {
                return handle(request, lookup);
            } catch (VersionChanged e) {
                // look again
            } catch (AccessDeniedException e) {
                throw new HttpException(403, "Forbidden"); // a folder on the way that may not be searched
            }
        }
        return Response.error(503, "Service Unavailable: the file is changing\n").header("Retry-After", "1");
    }

    /** How often a request looks again at a file that changed between its look and its open. */
    static final int ATTEMPTS = 8;

    /** The file changed between the look that described it and the open that would send it. */
    private static final class VersionChanged extends Exception {
        VersionChanged() {
            super(null, null, false, false);
        }
    }

    private Response handle(Request request, PathResolver.Lookup lookup) throws IOException, VersionChanged {
        String rawPath = request.rawPath();
        PathResolver.Target target;
        try {
            target = resolver.resolve(rawPath, lookup);
        } catch (HttpException e) {
            if (e.status() == 404 && lookup.absent() && config.spaFallback() && isRoute(rawPath)) {
                Response page = spaFallback(request, lookup);
                if (page != null) {
                    return page;
                }
            }
            throw e;
        }
        if (target.isFolder()) {
            PathResolver.Target index = resolver.sibling(target, "index.html", lookup);
            boolean hasIndex = index != null && index.attributes().isRegularFile();
            if (!hasIndex && !config.listing()) {
                // As if it were not there, with or without the slash: a 403 or a redirect would say it is.
                throw new HttpException(404, "Not Found");
            }
            String shown = pathAsSent(request);
            if (!shown.endsWith("/")) {
                String query = request.rawQuery();
                return Response.redirect(301, shown + "/" + (query == null ? "" : "?" + query));
            }
            if (hasIndex) {
                return serveFile(request, index, lookup);
            }
            return listing(request, target, rawPath.equals("/"));
        }
        if (!target.attributes().isRegularFile() || rawPath.endsWith("/")) {
            // Devices, pipes and sockets are never served: reading one could block or never end.
            throw new HttpException(404, "Not Found");
        }
        return serveFile(request, target, lookup);
    }

    /**
     * Whether a path that names nothing is a single-page application's route rather than a
     * missing file: its last segment has no dot (checked decoded, so {@code %2E} counts too).
     */
    static boolean isRoute(String rawPath) {
        String last = rawPath.substring(rawPath.lastIndexOf('/') + 1);
        return last.indexOf('.') < 0 && !last.toLowerCase(java.util.Locale.ROOT).contains("%2e");
    }

    /**
     * The root's {@code index.html} for a route of a single-page application, with its own
     * validators and {@code Cache-Control: no-cache}; {@code null} if the root has none.
     */
    private Response spaFallback(Request request, PathResolver.Lookup lookup) throws IOException, VersionChanged {
        PathResolver.Target index;
        try {
            index = resolver.resolve("/index.html", lookup);
        } catch (HttpException e) {
            return null;
        }
        if (index.isFolder() || !index.attributes().isRegularFile()) {
            return null;
        }
        Response response = serveFile(request, index, lookup);
        if (response.status() < 400) {
            // One page answers many URLs and names the assets of the current deploy: a browser
            // keeps it but asks again each time (a 304 while it has not changed).
            response.header("Cache-Control", "no-cache");
        }
        return response;
    }

    /** One way of sending a file: as stored, as a precompressed sidecar, or gzipped now. */
    private record Representation(PathResolver.Target file, FileMetadata meta, String encoding, String etag,
                                  boolean onTheFly) {
        boolean identity() {
            return encoding == null;
        }
    }

    private Response serveFile(Request request, PathResolver.Target target, PathResolver.Lookup lookup)
            throws IOException, VersionChanged {
        FileMetadata meta = metadata.lookup(target.key(), target.attributes(), target.name(), null);
        String range = request.header("Range");
        Representation rep = choose(request, target, meta, range == null, lookup);

        Response response = Response.status(200);
        Headers headers = response.headers();
        headers.add("Content-Type", meta.contentType());
        headers.add("ETag", rep.etag());
        headers.add("Last-Modified", rep.meta().lastModified());
        headers.add("Accept-Ranges", "bytes");
        headers.add("Vary", "Accept-Encoding");
        if (config.cacheControl() != null) {
            headers.add("Cache-Control", config.cacheControl());
        }

        // A 304 or 412 sends no bytes: the one look that described the file is consistent.
        int precondition = Preconditions.evaluate(request, rep.etag(), rep.meta().modifiedSeconds());
        if (precondition == 304) {
            headers.remove("Content-Type");
            headers.remove("Accept-Ranges");
            return response.withStatus(304);
        }
        if (precondition == 412) {
            return Response.error(412, "Precondition Failed\n");
        }
        if (rep.encoding() != null) {
            headers.add("Content-Encoding", rep.encoding());
        }
        if (rep.onTheFly()) {
            return response.body(new GzipBody(open(target)));
        }
        long size = rep.meta().size();
        if (range != null && rep.identity() && Preconditions.ifRangeAllows(request.header("If-Range"), rep.etag(),
                rep.meta().lastModified())) {
            RangeParser.Result result = RangeParser.parse(range, size);
            if (result instanceof RangeParser.Unsatisfiable) {
                Response refused = Response.error(416, "Range Not Satisfiable\n");
                refused.headers().add("Content-Range", "bytes */" + size);
                refused.headers().add("Accept-Ranges", "bytes");
                return refused;
            }
            if (result instanceof RangeParser.Satisfiable(var ranges)) {
                FileChannel channel = open(rep.file());
                response.withStatus(206);
                if (ranges.size() == 1) {
                    ByteRange only = ranges.get(0);
                    headers.add("Content-Range", only.contentRange(size));
                    return response.body(Body.ofChannel(channel, only.first(), only.length()));
                }
                MultipartByteRanges parts = new MultipartByteRanges(channel, size, meta.contentType(), ranges);
                headers.set("Content-Type", parts.contentType());
                return response.body(parts);
            }
        }
        return response.body(wholeFile(rep.file(), rep.meta(), request.method().equals("HEAD")));
    }

    /** Opens a file that is still the version its attributes describe, or makes the request start over. */
    private FileChannel open(PathResolver.Target file) throws IOException, VersionChanged {
        FileChannel channel = resolver.open(file);
        if (channel == null) {
            throw new VersionChanged();
        }
        return channel;
    }

    /**
     * A whole file as a body. A small one is read now, in one read: the response then leaves
     * in a single write (and its contents may be kept, see {@link SmallFileCache}). A large one
     * is sent from the open file, zero-copy. Either way the file is opened before the head is
     * written, so an unreadable file is a clean 403, not a connection cut after the head.
     */
    private Body wholeFile(PathResolver.Target file, FileMetadata meta, boolean head) throws IOException, VersionChanged {
        long size = meta.size();
        if (size <= SMALL_FILE_BYTES && !head) {
            // The metadata instance changes with the size, time, inode or permissions.
            byte[] cached = smallFiles.get(file.key(), meta);
            if (cached != null) {
                return Body.of(cached);
            }
            try (FileChannel channel = open(file)) {
                byte[] bytes = new byte[(int) size];
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                    // a file reads in one call; the loop only matters if the kernel splits it
                }
                if (buffer.hasRemaining()) {
                    throw new VersionChanged(); // truncated in place since it was opened
                }
                smallFiles.put(file.key(), meta, bytes);
                return Body.of(bytes);
            }
        }
        return Body.ofChannel(open(file), 0, size);
    }

    private Representation choose(Request request, PathResolver.Target file, FileMetadata meta, boolean mayCompress,
                                  PathResolver.Lookup lookup) throws IOException {
        String accept = request.header("Accept-Encoding");
        if (config.compression() && mayCompress && accept != null) {
            if (AcceptEncoding.accepts(accept, "br")) {
                Representation br = sidecar(file, ".br", "br", lookup);
                if (br != null) {
                    return br;
                }
            }
            if (AcceptEncoding.accepts(accept, "gzip")) {
                Representation gz = sidecar(file, ".gz", "gzip", lookup);
                if (gz != null) {
                    return gz;
                }
                if (meta.compressible() && meta.size() >= GZIP_MIN_BYTES) {
                    // Not byte-for-byte reproducible across compressor versions, hence weak.
                    String tag = EntityTags.weak(meta.etag().substring(0, meta.etag().length() - 1) + "-gzip\"");
                    return new Representation(file, meta, "gzip", tag, true);
                }
            }
        }
        return new Representation(file, meta, null, meta.etag(), false);
    }

    private Representation sidecar(PathResolver.Target file, String extension, String encoding,
                                   PathResolver.Lookup lookup) throws IOException {
        PathResolver.Target side = resolver.sibling(file, file.name() + extension, lookup);
        if (side == null || !side.attributes().isRegularFile()) {
            return null;
        }
        FileMetadata meta = metadata.lookup(side.key(), side.attributes(), file.name(), encoding);
        return new Representation(side, meta, encoding, meta.etag(), false);
    }

    /** A file gzipped as it is sent, from the file that was opened. */
    private record GzipBody(FileChannel channel) implements Body {
        @Override
        public long length() {
            return -1;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = Channels.newInputStream(channel);
                 GZIPOutputStream gz = Gzip.stream(out, false)) {
                in.transferTo(gz);
            }
        }

        @Override
        public void release() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was read from it
            }
        }
    }

    private Response listing(Request request, PathResolver.Target folder, boolean atRoot) {
        byte[] html;
        try {
            html = DirectoryListing.render(folder, request.path(), atRoot, resolver);
        } catch (AccessDeniedException e) {
            throw new HttpException(403, "Forbidden");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Response response = Response.status(200);
        response.headers().add("Content-Type", HTML);
        response.headers().add("Vary", "Accept-Encoding");
        if (config.compression() && html.length >= GZIP_MIN_BYTES
                && AcceptEncoding.accepts(request.header("Accept-Encoding"), "gzip")) {
            response.headers().add("Content-Encoding", "gzip");
            html = Gzip.compress(html);
        }
        return response.body(Body.of(html));
    }

    /**
     * The path the client asked for. Mounted under a prefix (see {@code Router.mount}), this
     * handler sees only the rest of the path; redirects must name the whole of it, so it is
     * taken from the request-target.
     */
    private static String pathAsSent(Request request) {
        String target = request.target();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        if (!path.startsWith("/")) { // absolute-form: http://host/path
            int authority = path.indexOf("//");
            int slash = authority < 0 ? -1 : path.indexOf('/', authority + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        String rawPath = request.rawPath();
        return path.endsWith(rawPath) || rawPath.equals("/") ? path : rawPath;
    }
}
