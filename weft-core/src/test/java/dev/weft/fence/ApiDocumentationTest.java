package dev.weft.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExportsTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.ModuleTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every type and member that weft-core exports carries a doc comment. The javadoc build runs
 * doclint without its "missing" group (which would also demand an {@code @param} and
 * {@code @return} on every method, a style this code base does not follow); this test keeps
 * the part of "missing" that matters: nothing public in an exported package is undocumented.
 * The exported packages are read from {@code module-info.java}, and checked against the list
 * {@link ModuleDescriptorIT} expects of the built jar.
 */
class ApiDocumentationTest {

    private static final Path SOURCES = Path.of("src/main/java");

    @Test
    void everyExportedTypeAndMemberHasADocComment() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(null, fm, null, List.of("--release", "21", "-proc:none"),
                    null, fm.getJavaFileObjectsFromPaths(files));
            List<CompilationUnitTree> units = new ArrayList<>();
            task.parse().forEach(units::add);
            DocTrees docs = DocTrees.instance(task);

            Set<String> exported = new TreeSet<>();
            for (CompilationUnitTree unit : units) {
                if (unit.getModule() instanceof ModuleTree module) {
                    module.getDirectives().stream()
                            .filter(d -> d instanceof ExportsTree)
                            .forEach(d -> exported.add(((ExportsTree) d).getPackageName().toString()));
                }
            }
            assertEquals(new TreeSet<>(ModuleDescriptorIT.PUBLIC_PACKAGES), exported, "exports in module-info.java");

            List<String> undocumented = new ArrayList<>();
            for (CompilationUnitTree unit : units) {
                if (unit.getPackage() == null || !exported.contains(unit.getPackageName().toString())) {
                    continue;
                }
                new TreePathScanner<Void, Boolean>() {
                    @Override
                    public Void visitClass(ClassTree type, Boolean inInterface) {
                        if (!visible(type.getModifiers(), inInterface)) {
                            return null; // nor its members
                        }
                        check(type, type.getSimpleName().toString());
                        boolean isInterface = type.getKind() == Tree.Kind.INTERFACE
                                || type.getKind() == Tree.Kind.ANNOTATION_TYPE;
                        for (Tree member : type.getMembers()) {
                            scan(member, isInterface);
                        }
                        return null;
                    }

                    @Override
                    public Void visitMethod(MethodTree method, Boolean inInterface) {
                        boolean overrides = method.getModifiers().getAnnotations().stream()
                                .anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
                        if (visible(method.getModifiers(), inInterface) && !overrides) {
                            check(method, method.getName().toString());
                        }
                        return null;
                    }

                    @Override
                    public Void visitVariable(VariableTree field, Boolean inInterface) {
                        if (visible(field.getModifiers(), inInterface)) {
                            check(field, field.getName().toString());
                        }
                        return null;
                    }

                    private void check(Tree tree, String name) {
                        if (docs.getDocCommentTree(getCurrentPath()) == null) {
                            long line = unit.getLineMap().getLineNumber(docs.getSourcePositions().getStartPosition(unit, tree));
                            undocumented.add(SOURCES.toAbsolutePath().relativize(Path.of(unit.getSourceFile().toUri())) + ":" + line + " " + name);
                        }
                    }
                }.scan(new TreePath(unit), false);
            }
            assertTrue(undocumented.isEmpty(), "exported but without a doc comment:\n  " + String.join("\n  ", undocumented));
        }
    }

    private static boolean visible(ModifiersTree modifiers, boolean inInterface) {
        Set<Modifier> flags = modifiers.getFlags();
        return flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED)
                || (inInterface && !flags.contains(Modifier.PRIVATE));
    }
}
