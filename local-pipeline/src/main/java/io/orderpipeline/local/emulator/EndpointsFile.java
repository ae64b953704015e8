package io.orderpipeline.local.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code .local-pipeline/endpoints.json}: written by {@code serve} while its emulators run, read by the other
 * subcommands to work against them. Besides the emulators' endpoints it holds serve's Step Functions API
 * ({@code stepfunctions}: the executions serve started) and the template's {@code Outputs} as serve resolved them
 * ({@code outputs}: what {@code DescribeStacks} says of a deployed stack), for {@code ./pipeline smoke --serve}.
 */
public final class EndpointsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EndpointsFile() {
    }

    public static Path path(Path workDirectory) {
        return workDirectory.resolve(".local-pipeline").resolve("endpoints.json");
    }

    /**
     * What a running {@code serve} offers besides the emulators.
     *
     * @param stepFunctions its Step Functions API (ListExecutions, DescribeExecution)
     * @param outputs       the template's Outputs, resolved to the local names (those that resolve)
     */
    public record Served(Endpoints endpoints, URI stepFunctions, Map<String, String> outputs) {
    }

    public static void write(Path file, Endpoints endpoints) throws IOException {
        write(file, endpoints, null, Map.of());
    }

    public static void write(Path file, Endpoints endpoints, URI stepFunctions, Map<String, String> outputs)
            throws IOException {
        Files.createDirectories(file.getParent());
        var json = JSON.createObjectNode()
                .put("dynamodb", endpoints.dynamodb().toString())
                .put("sqs", endpoints.sqs().toString())
                .put("s3", endpoints.s3().toString());
        if (stepFunctions != null) {
            json.put("stepfunctions", stepFunctions.toString());
        }
        json.put("pid", ProcessHandle.current().pid());
        var declared = json.putObject("outputs");
        outputs.forEach(declared::put);
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    /** As {@link #readLive}, with serve's Step Functions API (null when the file names none) and outputs. */
    public static Optional<Served> readServed(Path file) {
        return readLive(file).flatMap(endpoints -> {
            try {
                var json = JSON.readTree(file.toFile());
                var stepFunctions = json.hasNonNull("stepfunctions") ? URI.create(json.get("stepfunctions").asText()) : null;
                var outputs = new LinkedHashMap<String, String>();
                json.path("outputs").properties().forEach(e -> outputs.put(e.getKey(), e.getValue().asText()));
                return Optional.of(new Served(endpoints, stepFunctions, Map.copyOf(outputs)));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /** The endpoints of a running {@code serve}, if the file exists and all three answer. */
    public static Optional<Endpoints> readLive(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            var json = JSON.readTree(file.toFile());
            var endpoints = new Endpoints(URI.create(json.get("dynamodb").asText()), URI.create(json.get("sqs").asText()),
                    URI.create(json.get("s3").asText()));
            return reachable(endpoints.dynamodb()) && reachable(endpoints.sqs()) && reachable(endpoints.s3())
                    ? Optional.of(endpoints) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean reachable(URI uri) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
