package dev.weft.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The HTML page listing a folder: folders first, then files, each sorted by name; size and
 * modification time (UTC) per entry; a parent link except at the root. Names are HTML-escaped
 * in the text and percent-encoded in the links, so any name a file system allows is shown and
 * linked as it is.
 */
final class DirectoryListing {

    /** A folder with more entries than this is listed up to it, with a note; the page stays bounded. */
    static final int MAX_ENTRIES = 10_000;

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
    static byte[] render(PathResolver.Target folder, String displayPath, boolean atRoot, PathResolver resolver)
            throws IOException {
        List<String> names = new ArrayList<>();
        // The names come from the folder that was opened, not from its path: a folder swapped
        // for a link after it was opened is not the one listed.
        try (Directory own = folder.dir().reopen()) { // the folder's handle may be shared and iterated before
            own.forEachName(name -> {
                if (names.size() <= MAX_ENTRIES && resolver.visibleName(name)) {
                    names.add(name);
                }
            });
        }
        List<Entry> entries = new ArrayList<>(Math.min(names.size(), MAX_ENTRIES));
        boolean truncated = false;
        for (String name : names) {
            // Left out: hidden, not requestable, a link out of the root, dangling, removed meanwhile.
            BasicFileAttributes a = resolver.listable(folder, name);
            if (a == null) {
                continue;
            }
            if (entries.size() == MAX_ENTRIES) {
                truncated = true;
                break;
            }
            entries.add(new Entry(name, a.isDirectory(), a.size(), a.lastModifiedTime().toMillis()));
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
                    .append(e.folder ? "-" : humanSize(e.size)).append("</td><td>");
            appendTime(html, e.modifiedMillis);
            html.append("</td></tr>\n");
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

    /** {@code 1023 B}, {@code 1.0 KiB}, {@code 100.0 MiB}: one decimal, rounded down. */
    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        long scaled = bytes; // in units of 1024^(unit+1), times 10 for one decimal
        while (scaled >= 1024L * 1024 && unit < units.length - 1) {
            scaled >>= 10;
            unit++;
        }
        long tenths = scaled * 10 / 1024;
        return (tenths / 10) + "." + (tenths % 10) + " " + units[unit];
    }

    /** {@code yyyy-MM-dd HH:mm} in UTC, by hand: a listing formats one per entry. */
    static void appendTime(StringBuilder out, long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000);
        long days = Math.floorDiv(seconds, 86_400);
        int minuteOfDay = Math.floorMod(seconds, 86_400) / 60;
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        out.append(date.getYear()).append('-');
        two(out, date.getMonthValue()).append('-');
        two(out, date.getDayOfMonth()).append(' ');
        two(out, minuteOfDay / 60).append(':');
        two(out, minuteOfDay % 60);
    }

    private static StringBuilder two(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
