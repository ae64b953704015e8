package io.orderpipeline.asl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.AslDefinitionException;
import io.orderpipeline.asl.AslExecutor;
import io.orderpipeline.asl.ExecutionRequest;
import io.orderpipeline.asl.ExecutionResult;
import io.orderpipeline.asl.path.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code AslRun <definition.json> [<input.json>|-]}: runs one definition on one input (default {@code {}}, {@code -}
 * reads stdin) without integrations, and prints {@code {"status","output"}} or {@code {"status","error","cause"}}.
 * Exit code 0 SUCCEEDED, 1 FAILED, 2 usage or definition error.
 */
public final class AslRun {

    private AslRun() {
    }

    public static void main(String[] args) {
        // JsonPath logs through SLF4J; without a provider SLF4J would warn on stderr on every run
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println("usage: AslRun <definition.json> [<input.json>|-]");
            return 2;
        }
        JsonNode definition;
        JsonNode input;
        try {
            definition = Json.MAPPER.readTree(Files.readAllBytes(Path.of(args[0])));
            if (args.length == 1) {
                input = Json.NODES.objectNode();
            } else if (args[1].equals("-")) {
                input = Json.MAPPER.readTree(stdin.readAllBytes());
            } else {
                input = Json.MAPPER.readTree(Files.readAllBytes(Path.of(args[1])));
            }
        } catch (IOException e) {
            err.println("AslRun: cannot read JSON: " + e.getMessage());
            return 2;
        }
        if (definition == null || input == null) {
            err.println("AslRun: the definition and the input must be JSON documents");
            return 2;
        }
        ExecutionResult result;
        try {
            result = AslExecutor.builder().build().execute(definition, input, ExecutionRequest.standard());
        } catch (AslDefinitionException e) {
            err.println("AslRun: invalid definition: " + e.getMessage());
            return 2;
        }
        out.println(Json.write(result.toJson()));
        return result.succeeded() ? 0 : 1;
    }
}
