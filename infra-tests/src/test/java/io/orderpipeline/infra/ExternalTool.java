package io.orderpipeline.infra;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool of the build machine (cfn-lint, asl-validator, make) and captures what it says. */
final class ExternalTool {

    record Result(int exitCode, String output) {
    }

    private ExternalTool() {
    }

    /** Set to {@code true} (as .github/workflows/ci.yml does) to fail, not skip, a check whose tool is missing. */
    static final String REQUIRE_TOOLS = "REQUIRE_OFFLINE_TOOLS";

    /** The executable on PATH or at one of {@code fallbacks}, else {@link #missing} with {@code whenMissing}. */
    static Path require(String name, String whenMissing, Path... fallbacks) {
        return find(name, fallbacks).orElseGet(() -> missing(whenMissing));
    }

    /**
     * A check cannot run because a tool is missing: the test is aborted (reported as skipped, with the reason), or
     * fails where {@value #REQUIRE_TOOLS}=true says every tool must be there. Never a pass.
     */
    static <T> T missing(String reason) {
        if ("true".equalsIgnoreCase(System.getenv(REQUIRE_TOOLS))) {
            throw new AssertionError(reason + " (" + REQUIRE_TOOLS + "=true)");
        }
        return abort(reason);
    }

    static Optional<Path> find(String name, Path... fallbacks) {
        var path = System.getenv().getOrDefault("PATH", "");
        for (var dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                var candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        for (var fallback : fallbacks) {
            if (Files.isExecutable(fallback)) {
                return Optional.of(fallback);
            }
        }
        return Optional.empty();
    }

    static Result run(Path workingDir, Map<String, String> environment, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        var builder = new ProcessBuilder(new ArrayList<>(command)).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        var process = builder.start();
        process.getOutputStream().close();
        var output = new StringBuilder();
        var reader = Thread.ofVirtual().start(() -> {
            try (var in = process.getInputStream()) {
                output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(output lost: ").append(e).append(')');
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
        }
        reader.join();
        return new Result(process.exitValue(), output.toString());
    }

    /**
     * Runs {@code command} with {@code request} as JSON on its standard input and parses the JSON it writes to its
     * standard output (what it writes to standard error only shows in a failure). Exit code 3 means "a package the
     * script needs is missing": {@link #missing} with {@code whenMissing} and the script's words.
     */
    static Map<String, Object> runJson(List<String> command, Object request, long timeoutSeconds, String whenMissing) {
        try {
            var input = Files.createTempFile("tool-request", ".json");
            var output = Files.createTempFile("tool-answer", ".json");
            try {
                Files.writeString(input, AslDefinition.JSON.writeValueAsString(request));
                var shell = new ArrayList<String>(List.of("bash", "-c", "\"${@:2}\" < \"$0\" > \"$1\"", input.toString(), output.toString()));
                shell.addAll(command);
                var result = run(ProjectFiles.root(), Map.of(), timeoutSeconds, shell);
                if (result.exitCode() == 3) {
                    return missing(whenMissing + ": " + result.output().strip());
                }
                if (result.exitCode() != 0) {
                    throw new AssertionError(command + " failed (exit " + result.exitCode() + "):\n" + result.output());
                }
                return AslDefinition.JSON.readValue(Files.readString(output, StandardCharsets.UTF_8),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
            } finally {
                Files.deleteIfExists(input);
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
