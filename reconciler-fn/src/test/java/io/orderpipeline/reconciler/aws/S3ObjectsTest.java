package io.orderpipeline.reconciler.aws;

import io.orderpipeline.reconciler.core.ObjectStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 answers key resolution relies on, from a canned S3 (no network). */
class S3ObjectsTest {

    /** Answers every request with what {@code answer} gives; remembers the requests. */
    static final class CannedS3 implements SdkHttpClient {
        final List<SdkHttpRequest> requests = new ArrayList<>();
        final Function<SdkHttpRequest, SdkHttpFullResponse> answer;

        CannedS3(Function<SdkHttpRequest, SdkHttpFullResponse> answer) {
            this.answer = answer;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            requests.add(request.httpRequest());
            SdkHttpFullResponse response = answer.apply(request.httpRequest());
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return HttpExecuteResponse.builder().response(response)
                            .responseBody(response.content().orElse(null)).build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    static SdkHttpFullResponse status(int code, Map<String, String> headers, String body) {
        var builder = SdkHttpFullResponse.builder().statusCode(code);
        headers.forEach(builder::putHeader);
        if (body != null) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            builder.putHeader("Content-Length", String.valueOf(bytes.length))
                    .content(AbortableInputStream.create(new ByteArrayInputStream(bytes)));
        } else if (!headers.containsKey("Content-Length")) {
            builder.putHeader("Content-Length", "0");
        }
        return builder.build();
    }

    static S3Objects objects(CannedS3 http) {
        return new S3Objects(S3Client.builder().httpClient(http).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .endpointOverride(URI.create("https://s3.example")).forcePathStyle(true)
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1))).build());
    }

    @Test
    void aMissingKeyIsNotThereWhetherS3Answers403Or404() throws IOException {
        for (int code : new int[]{403, 404, 400}) {
            var http = new CannedS3(request -> status(code, Map.of(), null));
            assertThat(objects(http).describe("b", "incoming/red flower.json", "v1")).as("HTTP " + code).isEmpty();
            assertThat(http.requests.getFirst().method().name()).isEqualTo("HEAD");
            assertThat(http.requests.getFirst().encodedPath()).isEqualTo("/b/incoming/red%20flower.json");
            assertThat(http.requests.getFirst().rawQueryParameters()).containsEntry("versionId", List.of("v1"));
        }
    }

    @Test
    void anObjectIsDescribedByItsVersionSizeAndEtag() throws IOException {
        var http = new CannedS3(request -> status(200, Map.of("x-amz-version-id", "v1", "ETag", "\"abc\"",
                "Content-Length", "42"), null));
        assertThat(objects(http).describe("b", "incoming/a.json", "v1"))
                .contains(new ObjectStore.ObjectVersion("incoming/a.json", "v1", 42, "\"abc\""));
    }

    @Test
    void anotherFailureIsAnErrorNotAMissingKey() {
        var http = new CannedS3(request -> status(503, Map.of(), null));
        assertThatThrownBy(() -> objects(http).describe("b", "incoming/a.json", "v1"))
                .isInstanceOf(IOException.class).hasMessageContaining("s3://b/incoming/a.json (version v1)");
    }

    @Test
    void theFirstBytesAreOneRangedGetAndAnEmptyObjectHasNone() throws IOException {
        var http = new CannedS3(request -> status(206, Map.of("Content-Range", "bytes 0-3/10"), "[{\"o"));
        assertThat(objects(http).firstBytes("b", "incoming/a.json", "v1", 4)).asString().isEqualTo("[{\"o");
        assertThat(http.requests.getFirst().firstMatchingHeader("Range")).contains("bytes=0-3");

        var empty = new CannedS3(request -> status(416, Map.of(), "<Error><Code>InvalidRange</Code></Error>"));
        assertThat(objects(empty).firstBytes("b", "incoming/empty.json", "v1", 4)).isEmpty();
    }
}
