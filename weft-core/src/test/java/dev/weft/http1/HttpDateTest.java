package dev.weft.http1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.HttpDates;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpDateTest {

    @Test
    void theDateLineIsNowAsAnImfFixdate() {
        long before = System.currentTimeMillis() / 1000;
        byte[] line = HttpDate.headerLine();
        byte[] again = HttpDate.headerLine();
        long after = System.currentTimeMillis() / 1000;
        String text = new String(line, StandardCharsets.US_ASCII);
        assertTrue(text.equals("Date: " + HttpDates.format(before) + "\r\n")
                || text.equals("Date: " + HttpDates.format(after) + "\r\n"), text);
        if (before == after) {
            assertArrayEquals(line, again, "the same second's line");
        }
    }
}
