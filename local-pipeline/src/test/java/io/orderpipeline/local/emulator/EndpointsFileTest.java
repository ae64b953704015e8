package io.orderpipeline.local.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointsFileTest {

    @Test
    void aServeWhoseEndpointsAnswerIsFoundAndAStaleFileIsIgnored(@TempDir Path dir) throws Exception {
        var file = EndpointsFile.path(dir);
        assertThat(EndpointsFile.readLive(file)).isEmpty();
        try (var socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var uri = URI.create("http://127.0.0.1:" + socket.getLocalPort());
            var endpoints = new Endpoints(uri, uri, uri);
            EndpointsFile.write(file, endpoints);
            assertThat(EndpointsFile.readLive(file)).contains(endpoints);
        }
        assertThat(Files.exists(file)).isTrue();
        assertThat(EndpointsFile.readLive(file)).as("nobody listens any more").isEmpty();
    }

    @Test
    void serveAlsoWritesItsStepFunctionsEndpointAndTheResolvedOutputs(@TempDir Path dir) throws Exception {
        var file = EndpointsFile.path(dir);
        try (var socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var uri = URI.create("http://127.0.0.1:" + socket.getLocalPort());
            EndpointsFile.write(file, new Endpoints(uri, uri, uri), URI.create("http://127.0.0.1:1"),
                    java.util.Map.of("OrdersBucketName", "orders-bucket"));
            var served = EndpointsFile.readServed(file).orElseThrow();
            assertThat(served.stepFunctions()).isEqualTo(URI.create("http://127.0.0.1:1"));
            assertThat(served.outputs()).containsExactlyEntriesOf(java.util.Map.of("OrdersBucketName", "orders-bucket"));
        }
        assertThat(EndpointsFile.readServed(file)).as("nobody listens any more").isEmpty();
    }
}
