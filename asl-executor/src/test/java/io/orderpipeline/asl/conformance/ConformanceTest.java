package io.orderpipeline.asl.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.AslExecutor;
import io.orderpipeline.asl.ExecutionRequest;
import io.orderpipeline.asl.ExecutionType;
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
 * says: the output as a parsed JSON document (numbers by value, strings exactly) for SUCCEEDED, error and cause for
 * FAILED. Sources: the AWS-recorded corpus in {@code ../shared/conformance/asl} next to the Maven top-level project, and
 * our own cases in {@code src/test/resources/conformance}: examples from the developer guide, and recorded timestamp
 * cases whose redacted values were restored from the recorder's test source.
 */
class ConformanceTest {

    static final String STATE_MACHINE_NAME = "conformance";
    static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:" + STATE_MACHINE_NAME;
    static final String RECORDED_CASES = "../shared/conformance/asl";

    private final AslExecutor executor = AslExecutor.builder().timeScale(0).build();
    private final Exclusions exclusions = Exclusions.load();

    @TestFactory
    Stream<DynamicNode> conformance() {
        if (!exclusions.reasons().isEmpty()) {
            System.out.println("Conformance exclusions (" + Exclusions.RESOURCE + "):");
            exclusions.reasons().forEach((name, reason) -> System.out.println("  " + name + " | " + reason));
        }
        var recordedDir = recordedCasesDir();
        var recorded = Files.isDirectory(recordedDir)
                ? DynamicContainer.dynamicContainer("AWS-recorded cases (" + recordedDir + ")",
                        casesIn(recordedDir).map(this::toTest))
                : DynamicContainer.dynamicContainer("AWS-recorded cases", Stream.of(DynamicTest.dynamicTest(
                        "corpus folder present", () -> Assumptions.abort("The AWS-recorded conformance corpus is "
                                + "missing: expected " + RECORDED_CASES + " relative to the Maven top-level project, "
                                + "i.e. " + recordedDir + ". Nothing from it was run."))));
        var ownDir = ownCasesDir();
        var own = DynamicContainer.dynamicContainer(
                "Our cases: developer guide examples and restored recordings (" + ownDir + ")",
                casesIn(ownDir).map(this::toTest));
        var exclusionsCheck = DynamicTest.dynamicTest("every exclusion names an existing case", () -> {
            var known = new ArrayList<String>();
            if (Files.isDirectory(recordedDir)) {
                casesIn(recordedDir).forEach(c -> known.add(c.name()));
            }
            casesIn(ownDir).forEach(c -> known.add(c.name()));
            var unknown = exclusions.reasons().keySet().stream().filter(name -> !known.contains(name)).toList();
            assertTrue(unknown.isEmpty(), "exclusions for cases that do not exist: " + unknown);
        });
        return Stream.of(recorded, own, exclusionsCheck);
    }

    private DynamicTest toTest(ConformanceCase testCase) {
        return DynamicTest.dynamicTest(testCase.name(), testCase.file().toUri(), () -> run(testCase));
    }

    private void run(ConformanceCase testCase) {
        if (testCase.isJsonata()) {
            Assumptions.abort("JSONata not supported (the executor rejects QueryLanguage JSONata)");
        }
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
            JsonNode output = actual.get("output");
            if (RecorderPlaceholders.usedIn(expected.get("output"))) {
                output = new RecorderPlaceholders(STATE_MACHINE_ARN, STATE_MACHINE_NAME, executionName).apply(output);
            }
            assertTrue(JsonComparison.sameDocument(expected.get("output"), output),
                    "output of " + context + (output == actual.get("output") ? "" : "\n  actual with recorder "
                            + "placeholders: " + output));
        } else {
            assertEquals(expected.path("error").asText(), actual.path("error").asText(), "error of " + context);
            assertEquals(expected.path("cause").asText(), actual.path("cause").asText(), "cause of " + context);
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
     * The top-level project comes from {@code maven.multiModuleProjectDirectory} (surefire passes it on); when the
     * test runs outside Maven, the outermost ancestor of the working directory that has a pom.xml stands in. The
     * corpus is {@code ../shared/conformance/asl} from there; in a git worktree nested one level deeper (for example
     * {@code /work/wt/<name>}) the nearest ancestor holding {@code shared/conformance} is used.
     */
    static Path recordedCasesDir() {
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
        var standard = root.resolve(RECORDED_CASES).toAbsolutePath().normalize();
        if (Files.isDirectory(standard)) {
            return standard;
        }
        for (var dir = root.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            var candidate = dir.resolve(RECORDED_CASES.substring(3));
            if (Files.isDirectory(candidate)) {
                return candidate.normalize();
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
