package dev.weft.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole {@code multipart/form-data} form, as {@link Multipart#readForm()} reads it: text
 * fields in memory, files in temporary files. Close it, with {@code try}, to delete the files
 * still in their temporary place:
 *
 * <pre>{@code
 * try (MultipartForm form = request.multipart().readForm()) {
 *     ...
 * }
 * }</pre>
 *
 * Nothing else deletes them: weft has no hook that runs when a request ends, and a cleaner
 * run by the garbage collector may run much later or never. Not thread-safe.
 */
public final class MultipartForm implements AutoCloseable {

    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    private final Map<String, List<UploadedFile>> files = new LinkedHashMap<>();
    private final List<Path> temporary = new ArrayList<>();

    MultipartForm() {
    }

    void addField(String name, String value) {
        fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    void addFile(UploadedFile file) {
        files.computeIfAbsent(file.name(), k -> new ArrayList<>()).add(file);
    }

    void track(Path file) {
        temporary.add(file);
    }

    void forget(Path file) throws IOException {
        temporary.remove(file);
        Files.deleteIfExists(file);
    }

    /** Deletes every temporary file after {@code failure}, adding what goes wrong to it. */
    void deleteAll(Throwable failure) {
        for (Path file : temporary) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        temporary.clear();
    }

    /** The text fields (parts without a filename), name to values, in the order they came. */
    public Map<String, List<String>> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /** The first value of text field {@code name}. */
    public Optional<String> field(String name) {
        List<String> values = fields.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of text field {@code name}, in order; empty if absent. */
    public List<String> fields(String name) {
        return Collections.unmodifiableList(fields.getOrDefault(name, List.of()));
    }

    /** The files (parts with a filename), field name to files, in the order they came. */
    public Map<String, List<UploadedFile>> files() {
        return Collections.unmodifiableMap(files);
    }

    /** The first file of field {@code name}. */
    public Optional<UploadedFile> file(String name) {
        List<UploadedFile> values = files.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every file of field {@code name}, in order; empty if absent. */
    public List<UploadedFile> files(String name) {
        return Collections.unmodifiableList(files.getOrDefault(name, List.of()));
    }

    /**
     * Deletes the temporary files that are still there (a file moved away is left alone).
     * Calling it again does nothing.
     *
     * @throws UncheckedIOException if a file could not be deleted, after trying all of them
     */
    @Override
    public void close() {
        UncheckedIOException failure = null;
        for (Path file : temporary) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                if (failure == null) {
                    failure = new UncheckedIOException("could not delete temporary upload " + file, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        temporary.clear();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "MultipartForm[fields=" + fields.keySet() + ", files=" + files.keySet() + "]";
    }
}
