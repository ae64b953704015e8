package io.orderpipeline.local.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code .local-pipeline/endpoints.json}: written by {@code serve} while its emulators run, read by the other
 * subcommands to work against them.
 */
public final class EndpointsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EndpointsFile() {
    }

    public static Path path(Path workDirectory) {
        return workDirectory.resolve(".local-pipeline").resolve("endpoints.json");
    }

    public static void write(Path file, Endpoints endpoints) throws IOException {
        Files.createDirectories(file.getParent());
        var json = JSON.createObjectNode()
                .put("dynamodb", endpoints.dynamodb().toString())
                .put("sqs", endpoints.sqs().toString())
                .put("s3", endpoints.s3().toString())
                .put("pid", ProcessHandle.current().pid());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
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
