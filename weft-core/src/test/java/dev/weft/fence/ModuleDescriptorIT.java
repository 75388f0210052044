package dev.weft.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The public API fence, checked on the built jar (what {@code jar --describe-module} shows):
 * weft-core is an explicit module, {@code dev.weft.core}, that exports exactly the packages
 * applications write against, to everyone, opens nothing, and needs nothing but java.base.
 * HTTP/1.1 ({@code dev.weft.http1}), the transports ({@code dev.weft.transport}) and the pools
 * ({@code dev.weft.pool}) stay inside.
 */
class ModuleDescriptorIT {

    static final Set<String> PUBLIC_PACKAGES =
            Set.of("dev.weft.http", "dev.weft.routing", "dev.weft.filters", "dev.weft.files", "dev.weft.server",
                    "dev.weft.protocol");

    private static ModuleDescriptor descriptor() {
        Path jar = Path.of(System.getProperty("weft.core.jar", "target/weft-core.jar"));
        assertTrue(Files.isRegularFile(jar), "built jar " + jar);
        Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
        assertEquals(1, found.size(), "modules in " + jar);
        return found.iterator().next().descriptor();
    }

    @Test
    void exportsExactlyThePublicPackages() {
        ModuleDescriptor module = descriptor();
        assertEquals("dev.weft.core", module.name());
        assertFalse(module.isAutomatic(), "an explicit module, not an automatic one");
        assertFalse(module.isOpen());
        assertEquals(new TreeSet<>(PUBLIC_PACKAGES),
                module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new)));
        for (ModuleDescriptor.Exports export : module.exports()) {
            assertFalse(export.isQualified(), export + " is exported to everyone");
        }
        assertEquals(Set.of(), module.opens());
    }

    @Test
    void keepsTheCodecAndThePoolsInside() {
        ModuleDescriptor module = descriptor();
        Set<String> internal = new TreeSet<>(module.packages());
        internal.removeAll(PUBLIC_PACKAGES);
        assertEquals(new TreeSet<>(Set.of("dev.weft.http1", "dev.weft.pool", "dev.weft.transport")), internal,
                "the jar's other packages: a new one must be exported on purpose or listed here");
    }

    @Test
    void needsOnlyTheJdkBase() {
        assertEquals(Set.of("java.base"),
                descriptor().requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }
}
