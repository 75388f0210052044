package dev.weft.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code Content-Type} for a file name: a built-in table of the common web types first (the
 * same answer on every machine), then the platform's guess, then
 * {@code application/octet-stream}. Answers are cached per extension.
 */
final class MediaTypes {

    static final String OCTET_STREAM = "application/octet-stream";
    private static final String UTF8 = "; charset=utf-8";

    private static final Map<String, String> BUILT_IN = Map.ofEntries(
            Map.entry("html", "text/html" + UTF8),
            Map.entry("htm", "text/html" + UTF8),
            Map.entry("css", "text/css" + UTF8),
            Map.entry("js", "text/javascript" + UTF8),
            Map.entry("mjs", "text/javascript" + UTF8),
            Map.entry("json", "application/json" + UTF8),
            Map.entry("map", "application/json" + UTF8),
            Map.entry("webmanifest", "application/manifest+json" + UTF8),
            Map.entry("txt", "text/plain" + UTF8),
            Map.entry("md", "text/markdown" + UTF8),
            Map.entry("csv", "text/csv" + UTF8),
            Map.entry("xml", "application/xml" + UTF8),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("bmp", "image/bmp"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/wav"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("br", "application/octet-stream"),
            Map.entry("tar", "application/x-tar"),
            Map.entry("jar", "application/java-archive"));

    /** Bounded: extensions are chosen by whoever names files, not an open set we must remember. */
    private static final int MAX_CACHED = 1024;
    private final Map<String, String> probed = new ConcurrentHashMap<>();

    /** The {@code Content-Type} for {@code file}, judged by its name. */
    String typeOf(Path file) {
        return typeOf(file.getFileName().toString());
    }

    /** The {@code Content-Type} for a file name, from its extension. */
    String typeOf(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return OCTET_STREAM;
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        String type = BUILT_IN.get(ext);
        if (type != null) {
            return type;
        }
        type = probed.get(ext);
        if (type == null) {
            type = probe(Path.of(name));
            if (probed.size() >= MAX_CACHED) {
                probed.clear();
            }
            probed.put(ext, type);
        }
        return type;
    }

    private static String probe(Path file) {
        try {
            String type = Files.probeContentType(file);
            if (type == null || type.isBlank() || !printableAscii(type)) {
                return OCTET_STREAM;
            }
            return type.startsWith("text/") && !type.contains("charset") ? type + UTF8 : type;
        } catch (IOException | RuntimeException e) {
            return OCTET_STREAM;
        }
    }

    private static boolean printableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
