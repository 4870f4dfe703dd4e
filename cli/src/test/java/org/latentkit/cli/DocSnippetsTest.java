package org.latentkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code examples in the docs compile against the current API.
 *
 * <p>Two kinds of example are checked:
 *
 * <ul>
 *   <li>every {@code <pre>{@code ...}</pre>} block in the javadoc of main code, compiled in the
 *       package of its class with that file's imports and the class's nested types;
 *   <li>every {@code ```java} block of the README and {@code docs/} preceded by a line {@code <!--
 *       compile: imports=a.B,c.D -->}, compiled with those imports.
 * </ul>
 *
 * <p>An example may start with {@code import} lines, which a reader needs anyway for types its file
 * does not import; they are moved to the top (replacing the file's import of the same simple name).
 * Each example becomes the body of a static method. The variables that examples use without
 * declaring them ({@code ctx}, {@code split}, {@code options}, ...) are static fields of the
 * generated class, with the types in {@link #CONTEXT}; an example that declares one itself shadows
 * the field. Nothing is run.
 */
class DocSnippetsTest {

    /** The free variables examples may use, as field declarations. */
    private static final String CONTEXT =
            String.join(
                    "\n",
                    "static org.latentkit.trainers.loop.EngineContext ctx;",
                    "static org.latentkit.api.data.Split split;",
                    "static org.latentkit.api.data.DigitSet train, validation;",
                    "static org.latentkit.api.data.DataLocator.TrainTest data;",
                    "static ai.djl.training.Trainer trainer;",
                    "static org.latentkit.trainers.loop.FitHooks hooks;",
                    "static org.latentkit.trainers.loop.TrainingListener listener;",
                    "static org.latentkit.trainers.classify.ClassifierTrainer.Options options;",
                    "static org.latentkit.trainers.reconstruct.ReconstructionTrainer.Options"
                            + " pretrainOptions;",
                    "static java.nio.file.Path runDir;",
                    "static ai.djl.ndarray.NDArray points;",
                    "static int[] trainBuckets, trainLabels, testBuckets, testLabels;");

    private static final Pattern JAVADOC_EXAMPLE =
            Pattern.compile("<pre>\\{@code\\n(.*?)}</pre>", Pattern.DOTALL);
    private static final Pattern MARKDOWN_EXAMPLE =
            Pattern.compile(
                    "<!-- compile: imports=([^ ]*) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

    record Example(String where, String packageName, List<String> imports, String body) {}

    @Test
    void givenEveryDocExampleWhenCompiledThenNoErrors(@TempDir Path tmp) throws IOException {
        Path root = repositoryRoot();
        List<Example> examples = new ArrayList<>();
        for (String module : List.of("api", "blocks", "losses", "trainers", "cli")) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    examples.addAll(javadocExamples(root.relativize(f).toString(), read(f)));
                }
            }
        }
        List<Path> markdown = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(markdown::add);
        }
        int fromMarkdown = 0;
        for (Path f : markdown) {
            List<Example> found = markdownExamples(root.relativize(f).toString(), read(f));
            fromMarkdown += found.size();
            examples.addAll(found);
        }
        assertTrue(examples.size() >= 10, "found only " + examples.size() + " examples");
        assertTrue(fromMarkdown >= 1, "the README's library example is marked for compiling");

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            String errors = compile(examples.get(i), i, tmp);
            if (!errors.isEmpty()) {
                failures.add(examples.get(i).where() + ":\n" + errors);
            }
        }
        assertEquals(List.of(), failures, String.join("\n\n", failures));
    }

    @Test
    void givenABrokenExampleWhenCompiledThenTheErrorIsReported(@TempDir Path tmp) {
        Example broken =
                new Example(
                        "test",
                        "org.latentkit.cli",
                        List.of(),
                        "SemiSupervised s = new SemiSupervised(ctx);\n");
        assertTrue(compile(broken, 0, tmp).contains("SemiSupervised"), "an unknown type fails");
        Example fine =
                new Example(
                        "test",
                        "org.latentkit.cli",
                        List.of("org.latentkit.trainers.semisup.SemiSupervised"),
                        "SemiSupervised s = new SemiSupervised(ctx);\n");
        assertEquals("", compile(fine, 1, tmp));
    }

    static List<Example> javadocExamples(String where, String source) {
        String pkg = "";
        List<String> imports = new ArrayList<>();
        for (String line : source.split("\n")) {
            if (line.startsWith("package ")) {
                pkg = line.substring(8, line.indexOf(';')).strip();
            } else if (line.startsWith("import ") && !line.startsWith("import static ")) {
                imports.add(line.substring(7, line.indexOf(';')).strip());
            }
        }
        String top = Path.of(where).getFileName().toString().replace(".java", "");
        if (!pkg.isEmpty()) {
            imports.add(pkg + "." + top + ".*");
        }
        List<Example> out = new ArrayList<>();
        Matcher m = JAVADOC_EXAMPLE.matcher(source);
        while (m.find()) {
            StringBuilder body = new StringBuilder();
            for (String line : m.group(1).split("\n")) {
                body.append(line.replaceFirst("^\\s*\\* ?", "")).append('\n');
            }
            out.add(withImports(where, pkg, imports, body.toString().replace("{@literal @}", "@")));
        }
        return out;
    }

    static List<Example> markdownExamples(String where, String text) {
        List<Example> out = new ArrayList<>();
        Matcher m = MARKDOWN_EXAMPLE.matcher(text);
        while (m.find()) {
            List<String> imports = List.of(m.group(1).split(","));
            out.add(withImports(where, "org.latentkit.docs", imports, m.group(2)));
        }
        return out;
    }

    /** Moves an example's leading {@code import} lines into its imports. */
    private static Example withImports(
            String where, String pkg, List<String> imports, String body) {
        List<String> all = new ArrayList<>(imports);
        StringBuilder rest = new StringBuilder();
        boolean leading = true;
        for (String line : body.split("\n", -1)) {
            if (leading && line.startsWith("import ")) {
                String name = line.substring(7, line.indexOf(';')).strip();
                String simple = name.substring(name.lastIndexOf('.'));
                all.removeIf(i -> i.endsWith(simple)); // the example's own import wins
                all.add(name);
            } else {
                leading = leading && line.isBlank();
                rest.append(line).append('\n');
            }
        }
        return new Example(where, pkg, all, rest.toString());
    }

    /** Compiles one example; returns javac's errors, empty when it compiles. */
    static String compile(Example e, int index, Path tmp) {
        String name = "Example" + index;
        StringBuilder src = new StringBuilder();
        if (!e.packageName().isEmpty()) {
            src.append("package ").append(e.packageName()).append(";\n");
        }
        for (String i : e.imports()) {
            src.append("import ").append(i).append(";\n");
        }
        src.append("@SuppressWarnings(\"all\")\nclass ").append(name).append(" {\n");
        src.append(CONTEXT).append('\n');
        src.append("static void example() throws Exception {\n")
                .append(e.body())
                .append("\n}\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        JavaFileObject file =
                new SimpleJavaFileObject(
                        Path.of(name + ".java").toUri(), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return src;
                    }
                };
        StringWriter errors = new StringWriter();
        boolean ok =
                javac.getTask(
                                errors,
                                null,
                                null,
                                List.of(
                                        "-proc:none",
                                        "-classpath",
                                        classpath,
                                        "-d",
                                        tmp.toString(),
                                        "-Xlint:none"),
                                null,
                                List.of(file))
                        .call();
        return ok ? "" : errors.toString();
    }

    private static String read(Path f) throws IOException {
        return Files.readString(f, StandardCharsets.UTF_8);
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("README.md"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
