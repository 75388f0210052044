package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.files.StaticFilesConfig;
import org.junit.jupiter.api.Test;

class CliOptionsTest {

    @Test
    void aPositionalFolderOrDashDServesIt() throws UsageException {
        assertEquals("site", CliOptions.parse("site").dir);
        assertEquals("site", CliOptions.parse("-d", "site").dir);
        assertEquals("site", CliOptions.parse("--dir", "site").dir);
        assertEquals("site", CliOptions.parse("--dir=site").dir);
        assertEquals("site", CliOptions.parse("-p", "0", "site", "-b", "0.0.0.0").dir);
        assertNull(CliOptions.parse().dir);
    }

    @Test
    void jwebserverStyleShortFlags() throws UsageException {
        CliOptions o = CliOptions.parse("-b", "0.0.0.0", "-p", "8000", "-d", "/srv");
        assertEquals("0.0.0.0", o.host);
        assertEquals(8000, o.port);
        assertEquals("/srv", o.dir);
    }

    @Test
    void staticFileOptions() throws UsageException {
        StaticFilesConfig defaults = CliOptions.parse("x").filesConfig();
        assertEquals(StaticFilesConfig.defaults(), defaults);
        StaticFilesConfig all = CliOptions.parse("x", "--show-hidden", "--follow-links", "--cache", "max-age=3600",
                "--no-compression").filesConfig();
        assertTrue(all.showHidden());
        assertTrue(all.followLinks());
        assertFalse(all.compression());
        assertEquals("max-age=3600", all.cacheControl());
        assertEquals("public, max-age=60", CliOptions.parse("--cache=public, max-age=60").cacheControl);
    }

    @Test
    void badStaticFileOptionsAreUsageErrors() {
        assertThrows(UsageException.class, () -> CliOptions.parse("a", "b"));
        assertThrows(UsageException.class, () -> CliOptions.parse("-d", "a", "b"));
        assertThrows(UsageException.class, () -> CliOptions.parse("--dir"));
        assertThrows(UsageException.class, () -> CliOptions.parse("--cache"));
        assertThrows(UsageException.class, () -> CliOptions.parse("--cache", " "));
        assertThrows(UsageException.class, () -> CliOptions.parse("--cache", "max-age=1\u00e9"));
        assertThrows(UsageException.class, () -> CliOptions.parse("--show-hidden=yes"));
        assertThrows(UsageException.class, () -> CliOptions.parse("--bogus"));
    }

    @Test
    void helpListsTheNewFlags() {
        for (String flag : new String[] {"-d, --dir", "--show-hidden", "--follow-links", "--cache", "--no-compression",
            "[DIR]"}) {
            assertTrue(CliOptions.HELP.contains(flag), flag);
        }
    }
}
