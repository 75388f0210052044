package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GzipTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "text/html; charset=utf-8        | true",
        "TEXT/CSS                        | true",
        "text/event-stream               | false",
        "text/event-stream; charset=utf-8 | false",
        "application/json                | true",
        "application/problem+json        | true",
        "application/manifest+json       | true",
        "application/xml                 | true",
        "image/svg+xml                   | true",
        "application/javascript          | true",
        "application/wasm                | true",
        "image/vnd.microsoft.icon        | true",
        "image/bmp                       | true",
        "font/ttf                        | true",
        "font/otf                        | true",
        "font/woff2                      | false",
        "image/png                       | false",
        "application/zip                 | false",
        "application/gzip                | false",
        "application/octet-stream        | false",
        "application/json-seq            | false",
        "video/mp4                       | false",
    })
    void compressible(String type, boolean expected) {
        assertEquals(expected, Gzip.compressible(type));
    }

    @Test
    void noTypeIsNotCompressible() {
        assertFalse(Gzip.compressible(null));
    }

    @Test
    void compressRoundTrips() throws IOException {
        byte[] text = "hello, hello, hello, hello\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] gz = Gzip.compress(text);
        assertTrue(gz.length < text.length);
        assertArrayEquals(text, new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes());
    }

    @Test
    void aSyncFlushingStreamPushesWhatWasWrittenOnFlush() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        GZIPOutputStream gz = Gzip.stream(sink, true);
        gz.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
        gz.flush();
        // What has arrived so far inflates to the whole event, though the stream is not finished.
        byte[] partial = sink.toByteArray();
        GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(partial));
        assertArrayEquals("data: one\n\n".getBytes(StandardCharsets.UTF_8), in.readNBytes(11));
        gz.finish();
    }
}
