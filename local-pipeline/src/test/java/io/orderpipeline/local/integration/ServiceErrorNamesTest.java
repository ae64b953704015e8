package io.orderpipeline.local.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskContext;
import io.orderpipeline.local.template.ProjectFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The integrations name what the services answer as Step Functions names it ({@link ServiceErrors}), tested on the
 * services' own error responses: the SDK unmarshals a canned HTTP response in each service's wire format (DynamoDB's
 * {@code __type} body, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html; SQS's
 * JSON protocol with its query-compatible header). The errors DynamoDB Local and ElasticMQ can really produce are
 * checked against them in {@code ServiceIntegrationsIT}. And every transient one is one the definition retries.
 */
class ServiceErrorNamesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TaskContext CONTEXT = new TaskContext("arn:exec", "Task", 1, null);
    private static final String PUT = """
            {"TableName": "OrdersTable", "Item": {"orderId": {"S": "ORD-1"}, "contentHash": {"S": "h"}},
             "ConditionExpression": "attribute_not_exists(orderId) OR contentHash = :contentHash",
             "ExpressionAttributeValues": {":contentHash": {"S": "h"}}}""";

    /** Answers every request with one status, headers and body, as the service would. */
    private record Canned(int status, Map<String, String> headers, String body) implements SdkHttpClient {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    var bytes = body.getBytes(StandardCharsets.UTF_8);
                    var response = SdkHttpResponse.builder().statusCode(status)
                            .putHeader("Content-Type", "application/x-amz-json-1.0")
                            .putHeader("Content-Length", Integer.toString(bytes.length))
                            .putHeader("x-amzn-RequestId", "REQ-1");
                    headers.forEach(response::putHeader);
                    return HttpExecuteResponse.builder().response(response.build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
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

    private static StatesError dynamoDbAnswering(int status, String type, String message) throws IOException {
        var body = "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
        try (var client = DynamoDbClient.builder().endpointOverride(URI.create("http://dynamodb.local"))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClient(new Canned(status, Map.of(), body))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            var integration = new DynamoDbIntegration(client);
            var put = JSON.readTree(PUT);
            return catchThrowableOfType(StatesError.class, () -> integration.invoke("arn:aws:states:::dynamodb:putItem", put, CONTEXT));
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "400, com.amazonaws.dynamodb.v20120810#RequestLimitExceeded, DynamoDB.RequestLimitExceeded",
            "500, com.amazonaws.dynamodb.v20120810#InternalServerError, DynamoDB.InternalServerError",
            "400, com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException, DynamoDB.ProvisionedThroughputExceededException",
            "400, com.amazon.coral.availability#ThrottlingException, DynamoDB.ThrottlingException",
            "503, com.amazonaws.dynamodb.v20120810#ServiceUnavailable, DynamoDB.ServiceUnavailable"})
    void dynamoDbsTransientErrorsAreNamedWithItsErrorCodeAndRetriedByEveryPut(int status, String type, String name)
            throws IOException {
        var error = dynamoDbAnswering(status, type, "Throughput exceeds the current throughput limit for your account.");

        assertThat(error.error()).isEqualTo(name);
        assertThat(error.cause()).isEqualTo("Throughput exceeds the current throughput limit for your account. (Service: "
                + "AmazonDynamoDBv2; Status Code: " + status + "; Error Code: " + name.substring("DynamoDB.".length())
                + "; Request ID: REQ-1; Proxy: null)");
        assertThat(retried("arn:aws:states:::dynamodb:putItem")).as("retried by every put of the definition").contains(name);
    }

    @Test
    void aConditionalCheckThatFailsIsNamedAsTheConflictCatcherExpects() throws IOException {
        var error = dynamoDbAnswering(400, "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                "The conditional request failed");

        assertThat(error.error()).isEqualTo("DynamoDB.ConditionalCheckFailedException");
        assertThat(retried("arn:aws:states:::dynamodb:putItem")).doesNotContain(error.error());
    }

    @Test
    void aDynamoDbThatDoesNotAnswerIsAClientFailureTheDefinitionRetries() throws IOException {
        try (var client = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            var integration = new DynamoDbIntegration(client);
            var put = JSON.readTree(PUT);
            var error = catchThrowableOfType(StatesError.class, () -> integration.invoke("arn:aws:states:::dynamodb:putItem", put, CONTEXT));
            assertThat(error.error()).isEqualTo("DynamoDB.SdkClientException");
            assertThat(retried("arn:aws:states:::dynamodb:putItem")).contains(error.error());
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "400, com.amazonaws.sqs#RequestThrottled, AWS.SimpleQueueService.RequestThrottled;Sender, Request is throttled.",
            "400, com.amazonaws.sqs#KmsThrottled, KMS.ThrottlingException;Sender, The request was denied due to request throttling.",
            "500, com.amazonaws.sqs#InternalError, InternalError;Receiver, We encountered an internal error."})
    void sqsRejectionsAreNamedAsStepFunctionsNamesThemAndRetriedByEverySend(int status, String type, String queryError,
                                                                            String message) throws IOException {
        var body = "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
        try (var client = SqsClient.builder().endpointOverride(URI.create("http://sqs.local"))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClient(new Canned(status, Map.of("x-amzn-query-error", queryError), body))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            var integration = new SqsIntegration(client);
            var send = JSON.createObjectNode().put("QueueUrl", "http://sqs.local/000000000000/OrdersDlq").put("MessageBody", "{}");
            var error = catchThrowableOfType(StatesError.class, () -> integration.invoke(SqsIntegration.SEND_MESSAGE, send, CONTEXT));

            assertThat(error.error()).isEqualTo("SQS.SdkClientException");
            assertThat(error.cause()).isEqualTo(message);
            assertThat(retried(SqsIntegration.SEND_MESSAGE)).contains(error.error());
        }
    }

    /** The error names every Task of the definition with this Resource retries (the intersection over those Tasks). */
    static TreeSet<String> retried(String resource) throws IOException {
        var definition = JSON.readTree(ProjectFiles.home().resolve("statemachine/order-pipeline.asl.json").toFile());
        TreeSet<String> common = null;
        for (var task : tasks(definition, resource, new java.util.ArrayList<>())) {
            var names = new TreeSet<String>();
            task.path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> names.add(e.asText())));
            if (common == null) {
                common = names;
            } else {
                common.retainAll(names);
            }
        }
        assertThat(common).as("tasks with Resource %s", resource).isNotNull();
        return common;
    }

    private static java.util.List<JsonNode> tasks(JsonNode scope, String resource, java.util.List<JsonNode> into) {
        for (var state : scope.path("States")) {
            if (resource.equals(state.path("Resource").asText())) {
                into.add(state);
            }
            if (state.has("ItemProcessor")) {
                tasks(state.get("ItemProcessor"), resource, into);
            }
        }
        return into;
    }
}
