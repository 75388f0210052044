package dev.weft.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RangeParserTest {

    private static final long LEN = 1000;

    /** header | expected ranges as first-last;first-last */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "bytes=0-499                | 0-499",
        "bytes=500-999              | 500-999",
        "bytes=500-                 | 500-999",
        "bytes=-200                 | 800-999",
        "bytes=-5000                | 0-999",
        "bytes=0-0                  | 0-0",
        "bytes=999-999              | 999-999",
        "bytes=900-5000             | 900-999",
        "bytes=0-99999999999999999999999 | 0-999",
        "BYTES=1-2                  | 1-2",
        "bytes = 1-2                | 1-2",
        "bytes=0-1, 5-6             | 0-1;5-6",
        "bytes=5-6,0-1              | 0-1;5-6",
        "bytes=0-1,,5-6             | 0-1;5-6",
        "bytes=0-10,5-20            | 0-20",
        "bytes=0-10,11-20           | 0-20",
        "bytes=0-1,2000-3000        | 0-1",
        "bytes=-1,0-0               | 0-0;999-999",
    })
    void satisfiable(String header, String expected) {
        RangeParser.Result result = RangeParser.parse(header, LEN);
        RangeParser.Satisfiable s = assertInstanceOf(RangeParser.Satisfiable.class, result, header);
        List<String> got = new ArrayList<>();
        for (ByteRange r : s.ranges()) {
            got.add(r.first() + "-" + r.last());
        }
        assertEquals(expected, String.join(";", got));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=5000-,6000-6001"})
    void unsatisfiable(String header) {
        assertInstanceOf(RangeParser.Unsatisfiable.class, RangeParser.parse(header, LEN), header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=,", "items=0-1", "bytes=a-b", "bytes=5-1", "bytes=1",
        "bytes=--1", "bytes=-", "bytes=+1-2", "bytes=1-2-3", "bytes=0x1-2", "bytes=1 -2"})
    void malformedIsIgnored(String header) {
        assertInstanceOf(RangeParser.Ignore.class, RangeParser.parse(header, LEN), header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-0", "bytes=-1", "bytes=0-"})
    void nothingOfAnEmptyFileIsSatisfiable(String header) {
        assertInstanceOf(RangeParser.Unsatisfiable.class, RangeParser.parse(header, 0), header);
    }

    @org.junit.jupiter.api.Test
    void tooManyRangesAreIgnoredRatherThanServed() {
        StringBuilder many = new StringBuilder("bytes=");
        for (int i = 0; i <= RangeParser.MAX_RANGES; i++) {
            many.append(i > 0 ? "," : "").append(i * 2).append('-').append(i * 2);
        }
        assertInstanceOf(RangeParser.Ignore.class, RangeParser.parse(many.toString(), LEN));
    }

    @org.junit.jupiter.api.Test
    void overlappingRangesCannotAmplifyTheResponse() {
        String header = "bytes=" + "0-999,".repeat(RangeParser.MAX_RANGES - 1) + "0-999";
        RangeParser.Satisfiable s = assertInstanceOf(RangeParser.Satisfiable.class, RangeParser.parse(header, LEN));
        assertEquals(List.of(new ByteRange(0, 999)), s.ranges());
    }
}
