package io.orderpipeline.reconciler;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed artifact, minimized (docs/performance.md §3), still carries what the reconciler needs: what SnapStart
 * priming uses, every class the project's code refers to, every class the libraries name in a string constant, and
 * every class named in the files through which libraries find their implementations. ShadedJarReconcilerIT
 * (local-pipeline) runs INSPECT and RECONCILE through the jar alone against the emulators.
 */
class LambdaJarIT {

    /** The files that name classes loaded by name: Java service providers and the SDK's interceptor lists. */
    private static final Pattern CLASS_LISTS =
            Pattern.compile("META-INF/services/[^/]+|software/amazon/awssdk/.*execution\\.interceptors");
    /** A class name as a string constant in a class file: what Class.forName and its kin receive. */
    private static final Pattern CLASS_NAME = Pattern.compile("(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9_$]*");
    /**
     * Named by string but left out on purpose: the marker of the SDK's optional event-stream signer, which only
     * streaming APIs (none the reconciler calls) look up.
     */
    private static final Set<String> LEFT_OUT_BY_NAME =
            Set.of("software.amazon.awssdk.http.auth.aws.eventstream.HttpAuthAwsEventStream");
    /** A jdeps -verbose:class line for a class the jar does not hold: "from -> missing  not found". */
    private static final Pattern MISSING = Pattern.compile("^\\s*(?:\\d+/)?(\\S+)\\s+->\\s+(\\S+)\\s+not found\\s*$");

    /** The limit #22 §9 sets for this jar. */
    static final long MAX_JAR_BYTES = 20L * 1000 * 1000;

    static Path lambdaJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no -lambda.jar in target/: run the package phase"));
        }
    }

    @Test
    void theShadedJarHoldsThePrimingSamplesAndTheCracApiAndNoByteBuddy() throws IOException {
        try (JarFile jar = new JarFile(lambdaJar().toFile())) {
            assertThat(jar.getEntry(SnapStartPriming.SAMPLE_FILE.substring(1))).isNotNull();
            assertThat(jar.getEntry(SnapStartPriming.SAMPLE_CSV.substring(1))).isNotNull();
            assertThat(jar.getEntry("io/orderpipeline/reconciler/SnapStartPriming.class")).isNotNull();
            assertThat(jar.getEntry("org/crac/Core.class")).isNotNull();
            assertThat(jar.stream().filter(e -> e.getName().startsWith("net/bytebuddy/")).count()).isZero();
        }
        assertThat(Files.size(lambdaJar())).as("the jar's size").isLessThanOrEqualTo(MAX_JAR_BYTES);
    }

    /** The project's classes (function, order-model, item-reader, lambda-support) refer only to the jar or the JDK. */
    @Test
    void everyClassTheProjectsCodeRefersToIsInTheJar() throws IOException {
        List<String> missing = new ArrayList<>();
        int projectReferences = 0;
        for (String line : jdeps()) {
            if (line.trim().startsWith("io.orderpipeline.")) {
                projectReferences++;
            }
            Matcher m = MISSING.matcher(line);
            if (m.matches() && m.group(1).startsWith("io.orderpipeline.")) {
                missing.add(m.group(1) + " -> " + m.group(2));
            }
        }
        assertThat(projectReferences).as("jdeps saw the project's classes").isGreaterThan(100);
        assertThat(missing).as("references from the project's classes to classes the jar lacks").isEmpty();
    }

    /** jdeps' class-level dependencies of the jar, one line each ("from -> to  where"), computed once. */
    private static List<String> jdepsLines;

    private static synchronized List<String> jdeps() throws IOException {
        if (jdepsLines == null) {
            ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                    .orElseThrow(() -> new AssertionError("jdeps is missing: run the build on a JDK"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), "-verbose:class", "-filter:none",
                    "--multi-release", "21", "--ignore-missing-deps", lambdaJar().toString());
            assertThat(status).as("jdeps: %s", err.toString(StandardCharsets.UTF_8)).isZero();
            jdepsLines = List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
        }
        return jdepsLines;
    }

    /**
     * Minimizing sees only references in the bytecode. A class loaded by a name held in a string is kept only if
     * something else refers to it: every such name that this module's class path can load must be in the jar.
     */
    @Test
    void everyClassLoadedByANameInTheCodeIsInTheJar() throws IOException {
        Set<String> dropped = new TreeSet<>();
        int classes = 0;
        // as the runtime reads it: a name may resolve to a META-INF/versions entry (the jar is multi-release)
        try (JarFile jar = new JarFile(lambdaJar().toFile(), true, ZipFile.OPEN_READ, Runtime.version())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                classes++;
                String text;
                try (InputStream in = jar.getInputStream(entry)) {
                    text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                }
                Matcher m = CLASS_NAME.matcher(text);
                while (m.find()) {
                    String resource = m.group().replace('.', '/') + ".class";
                    boolean jdk = ClassLoader.getPlatformClassLoader().getResource(resource) != null;
                    if (!jdk && jar.getEntry(resource) == null
                            && getClass().getClassLoader().getResource(resource) != null
                            && !LEFT_OUT_BY_NAME.contains(m.group())) {
                        dropped.add(m.group() + " (named in " + entry.getName() + ")");
                    }
                }
            }
        }
        assertThat(classes).isGreaterThan(5_000);
        assertThat(dropped).as("classes named by string that the jar lacks").isEmpty();
    }

    @Test
    void everyClassNamedInAServiceOrInterceptorFileIsInTheJar() throws IOException {
        Set<String> named = new TreeSet<>();
        Set<String> absent = new TreeSet<>();
        try (JarFile jar = new JarFile(lambdaJar().toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> !e.isDirectory()
                    && CLASS_LISTS.matcher(e.getName()).matches()).toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String name = line.replaceFirst("#.*", "").trim();
                        if (!name.isEmpty()) {
                            named.add(name);
                            if (jar.getEntry(name.replace('.', '/') + ".class") == null) {
                                absent.add(entry.getName() + ": " + name);
                            }
                        }
                    }
                }
            }
        }
        assertThat(named).contains("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService",
                "software.amazon.lambda.powertools.metrics.internal.MetricsUserAgentInterceptor");
        assertThat(absent).isEmpty();
    }
}
