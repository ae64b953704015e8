package io.orderpipeline.redrive;

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
import java.util.Map;
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
 * The deployed artifact, minimized (docs/performance.md §3), still carries what the function needs: what SnapStart
 * priming uses, every class the project's code refers to, every class the libraries name in a string constant, and
 * every class named in the files through which libraries find their implementations.
 */
class LambdaJarIT {

    /** The files that name classes loaded by name: Java service providers and the SDK's interceptor lists. */
    private static final Pattern CLASS_LISTS =
            Pattern.compile("META-INF/services/[^/]+|software/amazon/awssdk/.*execution\\.interceptors");
    /** A class name as a string constant in a class file: what Class.forName and its kin receive. */
    private static final Pattern CLASS_NAME = Pattern.compile("(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9_$]*");
    /**
     * Named by string but left out on purpose: the marker of the SDK's optional event-stream signer, which only
     * streaming APIs (neither SQS nor DynamoDB) look up.
     */
    private static final Set<String> LEFT_OUT_BY_NAME =
            Set.of("software.amazon.awssdk.http.auth.aws.eventstream.HttpAuthAwsEventStream");
    /** A jdeps -verbose:class line for a class the jar does not hold: "from -> missing  not found". */
    private static final Pattern MISSING = Pattern.compile("^\\s*(?:\\d+/)?(\\S+)\\s+->\\s+(\\S+)\\s+not found\\s*$");

    static Path lambdaJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no -lambda.jar in target/: run the package phase"));
        }
    }

    @Test
    void theShadedJarHoldsThePrimingSampleAndTheCracApi() throws IOException {
        try (JarFile jar = new JarFile(lambdaJar().toFile())) {
            assertThat(jar.getEntry(SnapStartPriming.SAMPLE_MESSAGES.substring(1))).isNotNull();
            assertThat(jar.getEntry("io/orderpipeline/redrive/SnapStartPriming.class")).isNotNull();
            assertThat(jar.getEntry("org/crac/Core.class")).isNotNull();
        }
    }

    /**
     * Catches a cut that went too far for new code, e.g. a call to a DynamoDB or SQS operation whose shapes the
     * shade filters leave out: the project's classes (function, order-model, lambda-support) may refer only to
     * classes in the jar or the JDK.
     */
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

    /**
     * The shade filters also cut, by hand, classes that minimizing keeps although nothing runs them: the SDK's async
     * machinery, paginators and waiters, the rule-engine interpreter of each service's endpoint rules (the generated
     * providers do not use it), the optional SigV4a-over-CRT and event-stream signers, X-Ray's platform plugins, parts of
     * Log4j, Jackson and Powertools. That is only safe while no class left in the jar refers to them: an SDK upgrade
     * that starts using one (as S3's client decorator does with its cross-region client, which therefore stays) must
     * fail here, naming the reference. The exceptions are references the code guards, listed with the reason.
     */
    @Test
    void nothingInTheJarRefersToWhatTheFiltersCut() throws IOException {
        List<String> cut = List.of("software.amazon.awssdk.core.", "software.amazon.awssdk.awscore.",
                "software.amazon.awssdk.crtcore.", "software.amazon.awssdk.http.", "software.amazon.eventstream.",
                "software.amazon.awssdk.regions.", "software.amazon.awssdk.services.s3.internal.",
                "software.amazon.awssdk.services.s3.endpoints.", "software.amazon.awssdk.services.sqs.endpoints.",
                "software.amazon.awssdk.services.dynamodb.endpoints.", "software.amazon.awssdk.services.s3.auth.",
                "software.amazon.awssdk.services.s3.s3express.", "com.amazonaws.xray.", "org.apache.logging.log4j.",
                "com.fasterxml.jackson.databind.", "software.amazon.lambda.", "org.apache.commons.logging.",
                "software.amazon.payloadoffloading.", "com.amazon.sqs.javamessaging.");
        // target prefix -> the only classes that may refer to it, and why that is safe
        Map<String, Set<String>> guarded = Map.of(
                // withDefaultPlugins(), which nothing calls
                "com.amazonaws.xray.plugins.", Set.of("com.amazonaws.xray.AWSXRayRecorderBuilder"),
                // loaded only after DependencyValidate.requireClass finds the module's marker, which the jar lacks
                "software.amazon.awssdk.http.auth.aws.crt.", Set.of(
                        "software.amazon.awssdk.http.auth.aws.internal.signer.util.OptionalDependencyLoaderUtil",
                        "software.amazon.awssdk.http.auth.aws.signer.AwsV4aHttpSigner"),
                "software.amazon.awssdk.http.auth.aws.eventstream.", Set.of(
                        "software.amazon.awssdk.http.auth.aws.internal.signer.util.OptionalDependencyLoaderUtil",
                        "software.amazon.awssdk.http.auth.aws.internal.signer.DefaultAwsV4HttpSigner"),
                // an interceptor only event-stream operations with an initial request add (none of the calls made)
                "software.amazon.eventstream.", Set.of(
                        "software.amazon.awssdk.awscore.eventstream.EventStreamInitialRequestInterceptor"));
        // classes holding only compile-time constants, which javac copies into the classes using them
        Set<String> constantsOnly = Set.of("software.amazon.awssdk.core.util.VersionInfo",
                "software.amazon.awssdk.http.Header", "software.amazon.awssdk.http.HttpStatusCode",
                "software.amazon.awssdk.awscore.util.AwsHeader", "software.amazon.awssdk.http.auth.scheme.BearerAuthScheme",
                "org.apache.logging.log4j.core.appender.rolling.FileSize",
                "org.apache.logging.log4j.core.net.ssl.StoreConfigurationException");
        List<String> unexpected = new ArrayList<>();
        for (String line : jdeps()) {
            Matcher m = MISSING.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String from = m.group(1);
            String target = m.group(2);
            if (cut.stream().noneMatch(target::startsWith) || constantsOnly.contains(target)) {
                continue;
            }
            boolean allowed = guarded.entrySet().stream()
                    .anyMatch(g -> target.startsWith(g.getKey()) && g.getValue().contains(from.replaceFirst("\\$.*", "")));
            if (!allowed) {
                unexpected.add(from + " -> " + target);
            }
        }
        assertThat(unexpected).as("classes in the jar that refer to classes the shade filters cut").isEmpty();
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
