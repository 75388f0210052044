package dev.weft.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The HTML page listing a folder: folders first, then files, each sorted by name; size and
 * modification time (UTC) per entry; a parent link except at the root. Names are HTML-escaped
 * in the text and percent-encoded in the links, so any name a file system allows is shown and
 * linked as it is.
 */
final class DirectoryListing {

    /** A folder with more entries than this is listed up to it, with a note; the page stays bounded. */
    static final int MAX_ENTRIES = 10_000;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final Comparator<Entry> ORDER = Comparator.comparing((Entry e) -> !e.folder)
            .thenComparing(e -> e.name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(e -> e.name);

    private record Entry(String name, boolean folder, long size, long modifiedMillis) {
    }

    private DirectoryListing() {
    }

    /**
     * Renders the listing of {@code folder}.
     *
     * @param displayPath the decoded request path, shown as the title, e.g. {@code /docs/}
     * @param atRoot      whether this is the served root (no parent link)
     */
    static byte[] render(Path folder, String displayPath, boolean atRoot, PathResolver resolver) throws IOException {
        List<Entry> entries = new ArrayList<>();
        boolean truncated = false;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                if (!resolver.listable(child, name)) {
                    continue;
                }
                if (entries.size() == MAX_ENTRIES) {
                    truncated = true;
                    break;
                }
                BasicFileAttributes a = PathResolver.attributes(child);
                if (a == null) {
                    continue; // a dangling link, or removed while we looked
                }
                entries.add(new Entry(name, a.isDirectory(), a.size(), a.lastModifiedTime().toMillis()));
            }
        }
        entries.sort(ORDER);

        StringBuilder html = new StringBuilder(512 + entries.size() * 160);
        String title = "Index of " + escape(displayPath);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(title).append("</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{padding:.2em 1em .2em 0;text-align:left}td.size{text-align:right}")
                .append("th{border-bottom:1px solid #ccc}</style>\n</head>\n<body>\n")
                .append("<h1>").append(title).append("</h1>\n")
                .append("<table>\n<thead><tr><th>Name</th><th>Size</th><th>Modified (UTC)</th></tr></thead>\n<tbody>\n");
        if (!atRoot) {
            html.append("<tr><td><a href=\"../\" class=\"parent\">../</a></td><td></td><td></td></tr>\n");
        }
        for (Entry e : entries) {
            String href = encode(e.name) + (e.folder ? "/" : "");
            String text = escape(e.name) + (e.folder ? "/" : "");
            html.append("<tr><td><a href=\"").append(href).append("\" class=\"")
                    .append(e.folder ? "folder" : "file").append("\">").append(text).append("</a></td><td class=\"size\">")
                    .append(e.folder ? "-" : humanSize(e.size)).append("</td><td>")
                    .append(TIME.format(Instant.ofEpochMilli(e.modifiedMillis))).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        if (truncated) {
            html.append("<p>Only the first ").append(MAX_ENTRIES).append(" entries are listed.</p>\n");
        }
        html.append("</body>\n</html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Escapes text for HTML content and double-quoted attributes. */
    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(r);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * Percent-encodes a name as one path segment: everything but RFC 3986 unreserved
     * characters, so {@code ?}, {@code #}, {@code %}, {@code :} and spaces stay part of the name.
     */
    static String encode(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** {@code 1023 B}, {@code 1.0 KiB}, {@code 100.0 MiB}. */
    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
