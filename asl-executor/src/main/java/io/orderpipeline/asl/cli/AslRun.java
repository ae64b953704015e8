package io.orderpipeline.asl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.AslDefinitionException;
import io.orderpipeline.asl.AslExecutor;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.asl.path.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code AslRun <definition.json> [<input.json>|-]}: runs one definition on one input (default {@code {}}, {@code -}
 * reads stdin) without integrations, and prints {@code {"status","output"}} or {@code {"status","error","cause"}}.
 * Exit code 0 SUCCEEDED, 1 FAILED, 2 usage or definition error. JSONPath and JSONata definitions, variables included;
 * numbers and text of the input and output stay exact.
 */
public final class AslRun {

    /** How to call it. */
    public static final String USAGE = "usage: asl-run <definition.json> [<input.json>|-]";

    private AslRun() {
    }

    /** A JSON document from a file, or from stdin for "-". */
    private static JsonNode read(String file, InputStream stdin) throws IOException {
        String name = file.equals("-") ? "stdin" : file;
        byte[] bytes;
        try {
            bytes = file.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("cannot read " + name + ": no such file");
        } catch (IOException e) {
            throw new IOException("cannot read " + name + ": " + e.getMessage(), e);
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IOException(name + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    public static void main(String[] args) {
        // JsonPath logs through SLF4J; without a provider SLF4J would warn on stderr on every run
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the command; the one implementation behind both {@code java -jar asl-executor.jar} and
     * {@code ./pipeline asl-run}.
     *
     * @return the exit code: 0 SUCCEEDED, 1 FAILED, 2 usage error, unreadable JSON or invalid definition
     */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println(USAGE);
            return 2;
        }
        JsonNode definition;
        JsonNode input;
        try {
            definition = read(args[0], stdin);
            input = args.length == 1 ? Json.NODES.objectNode() : read(args[1], stdin);
        } catch (IOException e) {
            err.println("asl-run: " + e.getMessage());
            return 2;
        }
        if (definition == null || input == null) {
            err.println("asl-run: the definition and the input must be JSON documents");
            return 2;
        }
        ExecutionResult result;
        try {
            result = AslExecutor.builder().build().execute(definition, input, ExecutionRequest.standard());
        } catch (AslDefinitionException e) {
            err.println("asl-run: invalid definition: " + e.getMessage());
            return 2;
        }
        out.println(Json.write(result.toJson()));
        return result.succeeded() ? 0 : 1;
    }
}
