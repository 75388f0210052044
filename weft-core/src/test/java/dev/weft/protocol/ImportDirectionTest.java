package dev.weft.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rooms' imports point down: transport → protocol SPI → HTTP/1 → engine, with the handler
 * API ({@code dev.weft.http}) under all of them. Checked twice per package: on the source's
 * import lines, and on the compiled classes' constant pools (which also catch a fully
 * qualified name in code; a name inside a string or a comment is not a dependency).
 */
class ImportDirectionTest {

    /** For each room, the weft packages it must not use. */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "dev.weft.server", List.of("dev.weft.http1"),
            "dev.weft.transport", List.of("dev.weft.http1", "dev.weft.server", "dev.weft.pool"),
            "dev.weft.protocol", List.of("dev.weft.http1", "dev.weft.server", "dev.weft.transport", "dev.weft.pool"),
            "dev.weft.http1", List.of("dev.weft.server", "dev.weft.transport", "dev.weft.pool"),
            "dev.weft.http", List.of("dev.weft.http1", "dev.weft.server", "dev.weft.transport", "dev.weft.protocol",
                    "dev.weft.pool"));

    @ParameterizedTest
    @ValueSource(strings = {"dev.weft.server", "dev.weft.transport", "dev.weft.protocol", "dev.weft.http1", "dev.weft.http"})
    void importsPointDown(String room) throws IOException {
        Path sources = Path.of("src/main/java").resolve(room.replace('.', '/'));
        Path classes = Path.of("target/classes").resolve(room.replace('.', '/'));
        assertTrue(Files.isDirectory(sources), sources.toString());
        assertTrue(Files.isDirectory(classes), classes.toString());
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                for (String line : Files.readAllLines(file)) {
                    String t = line.strip();
                    if (t.startsWith("import ")) {
                        for (String banned : FORBIDDEN.get(room)) {
                            if (t.startsWith("import " + banned + ".") || t.startsWith("import static " + banned + ".")) {
                                found.add(file.getFileName() + ": " + t);
                            }
                        }
                    }
                }
            }
        }
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String pool = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String banned : FORBIDDEN.get(room)) {
                    if (pool.contains(banned.replace('.', '/') + "/")) {
                        found.add(file.getFileName() + " refers to " + banned);
                    }
                }
            }
        }
        assertEquals(List.of(), found, room + " must not use " + FORBIDDEN.get(room));
    }
}
