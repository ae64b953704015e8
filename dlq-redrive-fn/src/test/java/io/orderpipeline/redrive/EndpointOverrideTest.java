package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler as the local pipeline builds it — {@code new RedriveHandler(environment)} with endpoint overrides —
 * against a scripted HTTP endpoint speaking the SQS and DynamoDB JSON protocols: real SDK clients, real requests.
 */
class EndpointOverrideTest {

    private HttpServer server;
    private final List<String> targets = new ArrayList<>();
    private final List<JsonNode> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final Deque<String> receiveReplies = new ArrayDeque<>();
    /** S3 requests as "METHOD /path", with their Authorization headers; objects by path. */
    private final List<String> s3Requests = new ArrayList<>();
    private final List<String> s3Authorizations = new ArrayList<>();
    private final Map<String, byte[]> s3Objects = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = Json.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            synchronized (this) {
                targets.add(target);
                requests.add(request);
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            String reply = switch (target) {
                case "AmazonSQS.ReceiveMessage" -> receiveReplies.isEmpty() ? "{}" : receiveReplies.poll();
                case "AmazonSQS.DeleteMessageBatch", "AmazonSQS.ChangeMessageVisibilityBatch",
                     "AmazonSQS.SendMessageBatch" -> allSucceeded(request);
                case "DynamoDB_20120810.PutItem" -> "{}";
                default -> "{}";
            };
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        // S3, path-style: /<bucket>/<key>
        server.createContext("/" + Dlq.BUCKET + "/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            byte[] content = exchange.getRequestBody().readAllBytes();
            synchronized (this) {
                s3Requests.add(exchange.getRequestMethod() + " " + path);
                s3Authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            switch (exchange.getRequestMethod()) {
                case "GET" -> {
                    byte[] object = s3Objects.get(path);
                    exchange.getResponseHeaders().add("ETag", "\"" + md5(object) + "\"");
                    exchange.sendResponseHeaders(200, object.length);
                    exchange.getResponseBody().write(object);
                }
                case "PUT" -> {
                    byte[] object = AwsJsonStub.awsChunked(content);
                    s3Objects.put(path, object);
                    exchange.getResponseHeaders().add("ETag", "\"" + md5(object) + "\"");
                    exchange.sendResponseHeaders(200, -1);
                }
                default -> {
                    s3Objects.remove(path);
                    exchange.sendResponseHeaders(204, -1);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String allSucceeded(JsonNode request) {
        ObjectNode reply = Json.mapper().createObjectNode();
        ArrayNode ok = reply.putArray("Successful");
        for (JsonNode entry : request.path("Entries")) {
            ObjectNode result = ok.addObject().put("Id", entry.path("Id").asText());
            if (entry.has("MessageBody")) {
                result.put("MessageId", "new-" + entry.path("Id").asText())
                        .put("MD5OfMessageBody", md5(entry.path("MessageBody").asText()));
                if (!entry.path("MessageAttributes").isEmpty()) {
                    result.put("MD5OfMessageAttributes", AwsJsonStub.attributesMd5(entry.path("MessageAttributes")));
                }
            }
        }
        reply.putArray("Failed");
        return Json.write(reply);
    }

    /** SQS's body checksum, which the SDK verifies. */
    private static String md5(String text) {
        return md5(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String md5(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> environment() {
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> env = new HashMap<>(Dlq.environment(5));
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL_SQS", endpoint);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoint);
        env.put("AWS_ENDPOINT_URL_S3", endpoint);
        env.put("AWS_ACCESS_KEY_ID", "localkey");
        env.put("AWS_SECRET_ACCESS_KEY", "localsecret");
        return env;
    }

    private JsonNode invoke(String request) throws IOException {
        RedriveHandler handler = new RedriveHandler(environment());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out,
                TestContext.withRemaining(120_000));
        return Json.read(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theClientsTalkToTheOverriddenEndpointsWithTheKeysFromTheEnvironment() throws IOException {
        ObjectNode message = Json.mapper().createObjectNode();
        String body = Dlq.body(Dlq.validRecord("ORD-1"), ReasonCode.INVALID_SKU);
        message.put("MessageId", "m-1").put("ReceiptHandle", "rh-1").put("MD5OfBody", md5(body)).put("Body", body);
        ObjectNode reply = Json.mapper().createObjectNode();
        reply.putArray("Messages").add(message);
        receiveReplies.add(Json.write(reply));

        JsonNode summary = invoke("{\"timeBudgetSeconds\": 30}");

        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(targets).containsExactly("AmazonSQS.ReceiveMessage", "DynamoDB_20120810.PutItem",
                "AmazonSQS.DeleteMessageBatch", "AmazonSQS.ReceiveMessage");
        JsonNode receive = requests.getFirst();
        assertThat(receive.path("QueueUrl").asText()).isEqualTo(Dlq.DLQ);
        assertThat(receive.path("MessageAttributeNames").toString()).contains("All");
        assertThat(receive.path("VisibilityTimeout").asInt()).isEqualTo((int) RedriveHandler.VISIBILITY_WINDOW.toSeconds());
        JsonNode put = requests.get(1);
        assertThat(put.path("TableName").asText()).isEqualTo(Dlq.TABLE);
        assertThat(put.path("ConditionExpression").asText())
                .isEqualTo("attribute_not_exists(orderId) OR contentHash = :contentHash");
        assertThat(put.path("Item").path("orderId").path("S").asText()).isEqualTo("ORD-1");
        assertThat(put.path("ExpressionAttributeValues").path(":contentHash").path("S").asText())
                .isEqualTo(put.path("Item").path("contentHash").path("S").asText());
        assertThat(requests.get(2).path("Entries").get(0).path("ReceiptHandle").asText()).isEqualTo("rh-1");
        assertThat(authorizations).allSatisfy(a -> assertThat(a).contains("Credential=localkey/"));
    }

    @Test
    void claimCheckBodiesAreReadStoredAndDeletedAtTheS3OverrideByPath() throws IOException {
        String large = Dlq.body(Dlq.largeRecord("ORD-L", 6_000), ReasonCode.RECORD_TOO_LARGE, "rid-l", 0);
        s3Objects.put("/" + Dlq.BUCKET + "/" + Dlq.PAYLOADS + "parked", large.getBytes(StandardCharsets.UTF_8));
        String pointer = "[\"software.amazon.payloadoffloading.PayloadS3Pointer\",{\"s3BucketName\":\"" + Dlq.BUCKET
                + "\",\"s3Key\":\"" + Dlq.PAYLOADS + "parked\"}]";
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("MessageId", "m-large").put("ReceiptHandle", "rh-large").put("MD5OfBody", md5(pointer))
                .put("Body", pointer);
        ObjectNode attributes = message.putObject("MessageAttributes");
        attributes.putObject("ExtendedPayloadSize").put("DataType", "Number").put("StringValue", "360000");
        attributes.putObject("reasonCode").put("DataType", "String").put("StringValue", "RECORD_TOO_LARGE");
        message.put("MD5OfMessageAttributes", AwsJsonStub.attributesMd5(attributes));
        ObjectNode reply = Json.mapper().createObjectNode();
        reply.putArray("Messages").add(message);
        receiveReplies.add(Json.write(reply));

        JsonNode summary = invoke("{\"timeBudgetSeconds\": 30}");

        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
        assertThat(summary.path("errors").asInt()).isZero();
        assertThat(s3Requests).hasSize(3);
        assertThat(s3Requests.get(0)).isEqualTo("GET /" + Dlq.BUCKET + "/" + Dlq.PAYLOADS + "parked");
        assertThat(s3Requests.get(1)).startsWith("PUT /" + Dlq.BUCKET + "/" + Dlq.PAYLOADS);
        assertThat(s3Requests.get(2)).isEqualTo("DELETE /" + Dlq.BUCKET + "/" + Dlq.PAYLOADS + "parked");
        assertThat(s3Authorizations).allSatisfy(a -> assertThat(a).contains("Credential=localkey/"));
        assertThat(targets).containsSubsequence("AmazonSQS.SendMessageBatch", "AmazonSQS.DeleteMessageBatch");
    }
}
