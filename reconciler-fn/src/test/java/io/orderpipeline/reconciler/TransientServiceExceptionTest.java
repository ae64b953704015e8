package io.orderpipeline.reconciler;

import io.orderpipeline.lambda.context.InvocationContext;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.reconciler.aws.ItemReaderRecords;
import io.orderpipeline.reconciler.core.InMemoryObjectStore;
import io.orderpipeline.reconciler.core.ObjectStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * #22 §5: a transient failure of S3, SQS or DynamoDB inside the reconciler reaches the state machine under one name it
 * retries ({@link TransientServiceException#ERROR_NAME} in the Inspect and Reconcile tasks' Retry); any other failure
 * keeps its own exception, which the tasks' Catch turns into a file failure.
 */
class TransientServiceExceptionTest {

    private static IOException adapterFailure(Exception sdk) {
        // what the aws/ adapters throw: an IOException naming the call, the SDK's exception as its cause
        return new IOException("cannot read s3://orders-bucket/incoming/orders.json: " + sdk.getMessage(), sdk);
    }

    private static AwsErrorDetails error(String code, String message) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage(message).build();
    }

    @Test
    void throttledFivexxAndUnansweredCallsAreTransient() {
        var transientOnes = List.<Exception>of(
                S3Exception.builder().statusCode(503).awsErrorDetails(error("SlowDown", "Please reduce your request rate.")).build(),
                S3Exception.builder().statusCode(500).awsErrorDetails(error("InternalError", "We encountered an internal error.")).build(),
                DynamoDbException.builder().statusCode(400)
                        .awsErrorDetails(error("ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded.")).build(),
                DynamoDbException.builder().statusCode(400).awsErrorDetails(error("ThrottlingException", "Throughput exceeds the current capacity.")).build(),
                SqsException.builder().statusCode(400).awsErrorDetails(error("RequestThrottled", "Request is throttled.")).build(),
                SdkClientException.create("Unable to execute HTTP request: Connect to s3.amazonaws.com:443 failed"),
                new SocketTimeoutException("Read timed out"));
        for (var failure : transientOnes) {
            assertThat(TransientServiceException.of(adapterFailure(failure))).as("%s", failure).hasValueSatisfying(t -> {
                assertThat(t.getClass().getName()).isEqualTo(TransientServiceException.ERROR_NAME);
                assertThat(t.getMessage()).contains(failure.getMessage());
                assertThat(t.getCause()).isInstanceOf(IOException.class).hasCause(failure);
            });
        }
    }

    @Test
    void aRefusalOrAMissingObjectIsNotTransient() {
        var lasting = List.<Exception>of(
                S3Exception.builder().statusCode(403).awsErrorDetails(error("AccessDenied", "Access Denied")).build(),
                S3Exception.builder().statusCode(404).awsErrorDetails(error("NoSuchKey", "The specified key does not exist.")).build(),
                DynamoDbException.builder().statusCode(400).awsErrorDetails(error("ResourceNotFoundException", "Requested resource not found")).build(),
                new IOException("NoSuchKey: s3://orders-bucket/map-results/x/manifest.json"));
        for (var failure : lasting) {
            assertThat(TransientServiceException.of(adapterFailure(failure))).as("%s", failure).isEmpty();
        }
    }

    /** An object store whose reads fail with {@code failure}. */
    private static ObjectStore failingReads(IOException failure) {
        var store = new InMemoryObjectStore();
        return new ObjectStore() {
            @Override
            public InputStream open(String bucket, String key, String versionId) throws IOException {
                throw failure;
            }

            @Override
            public java.util.Optional<ObjectVersion> describe(String bucket, String key, String versionId)
                    throws IOException {
                throw failure;
            }

            @Override
            public byte[] firstBytes(String bucket, String key, String versionId, int count) throws IOException {
                throw failure;
            }

            @Override
            public List<String> list(String bucket, String prefix) throws IOException {
                return store.list(bucket, prefix);
            }

            @Override
            public void put(String bucket, String key, byte[] content, String contentType) throws IOException {
                store.put(bucket, key, content, contentType);
            }
        };
    }

    private static com.fasterxml.jackson.databind.JsonNode inspect(ObjectStore store) throws IOException {
        var records = new ItemReaderRecords(store);
        var handler = new ReconcilerHandler(ReconcilerHandlerTest.CONFIG, new ReconcilerHandler.Ports(store, records, records,
                letters -> List.of(), new ReconcilerHandlerTest.NoTable()), ReconcilerHandlerTest.CLOCK, Tracing.lambda());
        // a CSV file: INSPECT reads its header row
        var event = ReconcilerHandlerTest.event("reconciler-inspect.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("source")).put("key", "incoming/2026/11/sample-orders.csv");
        var payload = Json.write(event).getBytes(StandardCharsets.UTF_8);
        var output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload), output,
                new InvocationContext("req-1", "ReconcilerFunction", "1",
                        "arn:aws:lambda:us-east-1:123456789012:function:ReconcilerFunction:live", "/aws/lambda/r",
                        "stream", 1024, InvocationContext.fixed(600_000), System.err));
        return Json.read(output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theHandlerThrowsItForAThrottledReadSoLambdaReportsItsName() {
        var throttled = S3Exception.builder().statusCode(503).awsErrorDetails(error("SlowDown", "Please reduce your request rate.")).build();

        assertThatThrownBy(() -> inspect(failingReads(adapterFailure(throttled))))
                .isInstanceOf(TransientServiceException.class).hasMessageContaining("SlowDown")
                .hasMessageContaining("Please reduce your request rate.");
    }

    @Test
    void theThrownFailureCarriesNoStackTraceIntoLambdasErrorDocument() {
        var throttled = S3Exception.builder().statusCode(503).awsErrorDetails(error("SlowDown", "Please reduce your request rate.")).build();

        assertThatThrownBy(() -> inspect(failingReads(adapterFailure(throttled))))
                .isInstanceOfSatisfying(TransientServiceException.class,
                        t -> assertThat(t.getStackTrace()).as("type and message only (#21 §6)").isEmpty());
    }

    @Test
    void aLastingFailureIsAFileErrorInOneSentenceNotAThrownError() throws IOException {
        var denied = S3Exception.builder().statusCode(403).awsErrorDetails(error("AccessDenied", "Access Denied")).build();

        var response = inspect(failingReads(adapterFailure(denied)));

        assertThat(response.at("/fileError/Error").asText()).isEqualTo("OrderFile.NotInspected");
        assertThat(response.at("/fileError/Cause").asText()).startsWith("The reconciler could not inspect the file:")
                .contains("Access Denied").doesNotContain("\tat ");
    }
}
