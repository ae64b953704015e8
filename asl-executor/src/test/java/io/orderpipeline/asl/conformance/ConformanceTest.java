package io.orderpipeline.asl.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orderpipeline.asl.AslExecutor;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every conformance case through the executor and compares the outcome with what AWS (or the developer guide)
 * says. Sources: the AWS-recorded corpora {@code ../shared/conformance/asl} and {@code asl-scenarios} next to the Maven
 * top-level project, compared by the rules of {@code ../shared/conformance/README.md} (status; the output with the
 * recorder's placeholders masked, numbers by value; the error — the cause is kept for reference only), and our own
 * cases in {@code src/test/resources/conformance} (developer guide examples and restored recordings), compared
 * exactly, cause included.
 */
class ConformanceTest {

    static final String STATE_MACHINE_NAME = "conformance";
    static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:" + STATE_MACHINE_NAME;
    static final List<String> RECORDED_FOLDERS = List.of("asl", "asl-scenarios");

    private final AslExecutor executor = AslExecutor.builder().timeScale(0).build();
    private final Exclusions exclusions = Exclusions.load();

    @TestFactory
    Stream<DynamicNode> conformance() {
        if (!exclusions.reasons().isEmpty()) {
            System.out.println("Conformance exclusions (" + Exclusions.RESOURCE + "):");
            exclusions.reasons().forEach((name, reason) -> System.out.println("  " + name + " | " + reason));
        }
        var nodes = new ArrayList<DynamicNode>();
        var known = new ArrayList<String>();
        boolean allRecordedPresent = true;
        for (String folder : RECORDED_FOLDERS) {
            var dir = recordedCasesDir(folder);
            if (Files.isDirectory(dir)) {
                casesIn(dir).forEach(c -> known.add(c.name()));
                nodes.add(DynamicContainer.dynamicContainer("AWS-recorded cases (" + dir + ")",
                        casesIn(dir).map(c -> toTest(c, true))));
            } else {
                allRecordedPresent = false;
                nodes.add(DynamicContainer.dynamicContainer("AWS-recorded cases " + folder, Stream.of(
                        DynamicTest.dynamicTest("corpus folder present", () -> Assumptions.abort("The AWS-recorded "
                                + "conformance corpus is missing: expected ../shared/conformance/" + folder
                                + " relative to the Maven top-level project, i.e. " + dir + ". Nothing from it was run.")))));
            }
        }
        var ownDir = ownCasesDir();
        casesIn(ownDir).forEach(c -> known.add(c.name()));
        nodes.add(DynamicContainer.dynamicContainer(
                "Our cases: developer guide examples and restored recordings (" + ownDir + ")",
                casesIn(ownDir).map(c -> toTest(c, false))));
        boolean checkAll = allRecordedPresent;
        nodes.add(DynamicTest.dynamicTest("every exclusion names an existing case", () -> {
            Assumptions.assumeTrue(checkAll, "an AWS-recorded corpus folder is missing");
            var unknown = exclusions.reasons().keySet().stream().filter(name -> !known.contains(name)).toList();
            assertTrue(unknown.isEmpty(), "exclusions for cases that do not exist: " + unknown);
        }));
        return nodes.stream();
    }

    private DynamicTest toTest(ConformanceCase testCase, boolean recorded) {
        return DynamicTest.dynamicTest(testCase.name(), testCase.file().toUri(), () -> run(testCase, recorded));
    }

    private void run(ConformanceCase testCase, boolean recorded) {
        exclusions.reasonFor(testCase.name()).ifPresent(reason -> Assumptions.abort("Excluded: " + reason));
        var executionName = testCase.name().replaceAll("[^A-Za-z0-9_-]", "-");
        var result = executor.execute(testCase.definition(), testCase.input(),
                new ExecutionRequest(STATE_MACHINE_ARN, executionName, ExecutionType.STANDARD));
        var actual = result.toJson();
        var expected = testCase.expected();
        var context = testCase.name() + " (" + testCase.source() + ")\n  expected: " + expected + "\n  actual:   "
                + actual;

        var expectedStatus = expected.path("status").asText();
        assertEquals(expectedStatus, actual.path("status").asText(), "status of " + context);
        if (expectedStatus.equals("SUCCEEDED")) {
            if (recorded) {
                assertNull(new RecorderPlaceholders().mismatch(expected.get("output"), actual.get("output")),
                        "output of " + context);
            } else {
                assertTrue(JsonComparison.sameDocument(expected.get("output"), actual.get("output")),
                        "output of " + context);
            }
        } else {
            assertEquals(expected.path("error").asText(), actual.path("error").asText(), "error of " + context);
            if (!recorded) {
                assertEquals(expected.path("cause").asText(), actual.path("cause").asText(), "cause of " + context);
            }
        }
    }

    private static Stream<ConformanceCase> casesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (var files = Files.list(dir)) {
            List<Path> json = files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
            return json.stream().map(ConformanceCase::read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code ../shared/conformance/<folder>} from the top-level project, which comes from
     * {@code maven.multiModuleProjectDirectory} (surefire passes it on; outside Maven the outermost ancestor of the
     * working directory with a pom.xml stands in). In a git worktree nested deeper (for example
     * {@code /work/wt/<name>}) the nearest ancestor holding {@code shared/conformance} is used.
     */
    static Path recordedCasesDir(String folder) {
        var configured = System.getProperty("maven.multiModuleProjectDirectory");
        Path root;
        if (configured != null && !configured.isBlank() && !configured.contains("${")) {
            root = Path.of(configured);
        } else {
            root = Path.of("").toAbsolutePath();
            for (var dir = root; dir != null; dir = dir.getParent()) {
                if (Files.exists(dir.resolve("pom.xml"))) {
                    root = dir;
                }
            }
        }
        var relative = Path.of("shared", "conformance", folder);
        var standard = root.toAbsolutePath().getParent() == null ? relative
                : root.toAbsolutePath().getParent().resolve(relative).normalize();
        if (Files.isDirectory(standard)) {
            return standard;
        }
        for (var dir = root.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(relative))) {
                return dir.resolve(relative).normalize();
            }
        }
        return standard;
    }

    private static Path ownCasesDir() {
        var url = ConformanceTest.class.getResource("/conformance");
        if (url == null) {
            return Path.of("src/test/resources/conformance").toAbsolutePath();
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
