package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.orderpipeline.model.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * SQS and DynamoDB as seen over the wire (AWS JSON protocol), and S3 objects of one bucket (REST, path-style), just
 * enough for redrive passes of a process that knows nothing but the endpoint. S3 keeps objects in memory: GET returns
 * one or S3's NoSuchKey error, PUT stores the body (decoding the SDK's aws-chunked encoding), DELETE removes it. The DLQ behaves like a queue: a receive returns the visible messages and hides them, a
 * visibility change to 0 shows them again, a delete removes them (sent copies are recorded, not queued). The table
 * holds the order ids in {@code storedWithOtherContent}: a read returns another content hash for them and a
 * conditional put fails; a put of an id in {@code rejected} fails validation. Every request is recorded by
 * operation, and the container credentials Lambda hands to SnapStart functions are served. The MD5 digests are real:
 * the SDK checks them.
 */
final class AwsJsonStub implements AutoCloseable {

    record Queued(String messageId, String body, Map<String, MessageAttribute> attributes) {
    }

    record MessageAttribute(String dataType, String stringValue) {
    }

    record Call(String operation, JsonNode request, String authorization) {
    }

    static final String RECEIPT = "receipt-";
    static final String ACCESS_KEY_ID = "ASIASTUBCONTAINER";
    static final String CREDENTIALS_TOKEN = "stub-authorization-token";
    private static final String CREDENTIALS_PATH = "/credentials";

    private final HttpServer server;
    private final List<Queued> queued;
    private final Set<String> storedWithOtherContent;
    private final Set<String> rejected;
    private final List<Call> calls = new ArrayList<>();
    private final Set<String> hidden = new HashSet<>();
    private final Set<String> deleted = new HashSet<>();
    private final String bucket;
    /** key → content of the bucket's objects */
    private final Map<String, String> objects = new TreeMap<>();

    AwsJsonStub(List<Queued> queued, Set<String> storedWithOtherContent, Set<String> rejected) throws IOException {
        this(queued, storedWithOtherContent, rejected, "no-bucket", Map.of());
    }

    AwsJsonStub(List<Queued> queued, Set<String> storedWithOtherContent, Set<String> rejected, String bucket,
                Map<String, String> objects) throws IOException {
        this.bucket = bucket;
        this.objects.putAll(objects);
        this.queued = List.copyOf(queued);
        this.storedWithOtherContent = Set.copyOf(storedWithOtherContent);
        this.rejected = Set.copyOf(rejected);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.createContext(CREDENTIALS_PATH, this::credentials);
        server.createContext("/" + bucket + "/", this::s3);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<String> authorizations() {
        return calls.stream().map(Call::authorization).toList();
    }

    /** The container credentials endpoint (what Lambda SnapStart functions get their role's keys from). */
    String credentialsUri() {
        return endpoint() + CREDENTIALS_PATH;
    }

    private void credentials(HttpExchange exchange) throws IOException {
        boolean authorized = CREDENTIALS_TOKEN.equals(exchange.getRequestHeaders().getFirst("Authorization"));
        byte[] body = Json.mapper().writeValueAsBytes(Json.mapper().createObjectNode()
                .put("AccessKeyId", ACCESS_KEY_ID).put("SecretAccessKey", "stub-secret").put("Token", "stub-token")
                .put("Expiration", Instant.now().plusSeconds(3600).toString()));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(authorized ? 200 : 403, authorized ? body.length : -1);
        if (authorized) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** The bucket's objects now, by key. */
    synchronized Map<String, String> objects() {
        return new TreeMap<>(objects);
    }

    /** The S3 calls, in order: "GET key", "PUT key", "DELETE key". */
    synchronized List<String> s3Calls() {
        return calls.stream().filter(c -> c.operation().startsWith("S3 ")).map(c -> c.operation().substring(3))
                .toList();
    }

    private synchronized void s3(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestURI().getRawPath().substring(bucket.length() + 2);
        String method = exchange.getRequestMethod();
        byte[] content = exchange.getRequestBody().readAllBytes();
        calls.add(new Call("S3 " + method + " " + key, Json.mapper().createObjectNode(),
                exchange.getRequestHeaders().getFirst("Authorization")));
        switch (method) {
            case "GET" -> {
                String text = objects.get(key);
                if (text == null) {
                    s3Error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
                    return;
                }
                byte[] bytes = utf8(text);
                exchange.getResponseHeaders().set("ETag", "\"" + md5(bytes) + "\"");
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            case "PUT" -> {
                String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
                String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
                byte[] body = (sha != null && sha.startsWith("STREAMING-"))
                        || (encoding != null && encoding.contains("aws-chunked")) ? awsChunked(content) : content;
                objects.put(key, new String(body, StandardCharsets.UTF_8));
                exchange.getResponseHeaders().set("ETag", "\"" + md5(body) + "\"");
                exchange.sendResponseHeaders(200, -1);
            }
            case "DELETE" -> {
                objects.remove(key);
                exchange.sendResponseHeaders(204, -1);
            }
            default -> {
                s3Error(exchange, 405, "MethodNotAllowed", method);
                return;
            }
        }
        exchange.close();
    }

    private static void s3Error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] xml = utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                + message + "</Message><RequestId>stub</RequestId></Error>");
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, xml.length);
        exchange.getResponseBody().write(xml);
        exchange.close();
    }

    /**
     * The payload of an aws-chunked body (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html):
     * chunks of {@code <hex size>[;chunk-signature=…]\r\n<data>\r\n}, a last chunk of size 0, then trailing headers.
     */
    static byte[] awsChunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int eol = i;
            while (body[eol] != '\r') {
                eol++;
            }
            String header = new String(body, i, eol - i, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, eol + 2, size);
            i = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    synchronized List<JsonNode> requests(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).map(Call::request).toList();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        JsonNode request = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
        calls.add(new Call(operation, request, exchange.getRequestHeaders().getFirst("Authorization")));
        ObjectNode response = Json.mapper().createObjectNode();
        int status = 200;
        switch (operation) {
            case "ReceiveMessage" -> {
                ArrayNode messages = response.putArray("Messages");
                queued.stream().filter(q -> !hidden.contains(q.messageId()) && !deleted.contains(q.messageId()))
                        .forEach(q -> {
                            hidden.add(q.messageId());
                            messages.add(message(q));
                        });
            }
            case "GetItem" -> {
                String orderId = request.at("/Key/orderId/S").asText();
                if (storedWithOtherContent.contains(orderId)) {
                    ObjectNode item = response.putObject("Item");
                    item.putObject("orderId").put("S", orderId);
                    item.putObject("contentHash").put("S", "stored-content");
                }
            }
            case "PutItem" -> {
                String orderId = request.at("/Item/orderId/S").asText();
                if (storedWithOtherContent.contains(orderId)) {
                    status = 400;
                    response.put("__type", "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException")
                            .put("message", "The conditional request failed");
                } else if (rejected.contains(orderId)) {
                    status = 400;
                    response.put("__type", "com.amazon.coral.validate#ValidationException")
                            .put("message", "Item size has exceeded the maximum allowed size");
                }
            }
            case "SendMessageBatch" -> {
                ArrayNode ok = response.putArray("Successful");
                request.path("Entries").forEach(e -> {
                    ObjectNode entry = ok.addObject().put("Id", e.path("Id").asText())
                            .put("MessageId", "copy-" + e.path("Id").asText())
                            .put("MD5OfMessageBody", md5(utf8(e.path("MessageBody").asText())));
                    if (!e.path("MessageAttributes").isEmpty()) {
                        entry.put("MD5OfMessageAttributes", attributesMd5(e.path("MessageAttributes")));
                    }
                });
                response.putArray("Failed");
            }
            case "DeleteMessageBatch", "ChangeMessageVisibilityBatch" -> {
                ArrayNode ok = response.putArray("Successful");
                request.path("Entries").forEach(e -> {
                    String messageId = e.path("ReceiptHandle").asText().substring(RECEIPT.length());
                    if (operation.equals("DeleteMessageBatch")) {
                        deleted.add(messageId);
                    } else if (e.path("VisibilityTimeout").asInt(-1) == 0) {
                        hidden.remove(messageId);
                    }
                    ok.addObject().put("Id", e.path("Id").asText());
                });
                response.putArray("Failed");
            }
            default -> status = 400;
        }
        if (status == 400 && !response.has("__type")) {
            response.put("__type", "com.amazon.coral.service#UnknownOperationException").put("message", operation);
        }
        byte[] body = Json.mapper().writeValueAsBytes(response);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "stub-" + calls.size());
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static ObjectNode message(Queued q) {
        ObjectNode message = Json.mapper().createObjectNode()
                .put("MessageId", q.messageId())
                .put("ReceiptHandle", RECEIPT + q.messageId())
                .put("Body", q.body())
                .put("MD5OfBody", md5(utf8(q.body())));
        message.putObject("Attributes").put("ApproximateReceiveCount", "1").put("SentTimestamp", "1764000000000");
        ObjectNode attributes = message.putObject("MessageAttributes");
        q.attributes().forEach((name, a) -> attributes.putObject(name)
                .put("DataType", a.dataType()).put("StringValue", a.stringValue()));
        if (!q.attributes().isEmpty()) {
            message.put("MD5OfMessageAttributes", attributesMd5(attributes));
        }
        return message;
    }

    /** SQS's digest of message attributes: per name in order, length-prefixed name, type, transport 1, value. */
    static String attributesMd5(JsonNode attributes) {
        TreeMap<String, JsonNode> byName = new TreeMap<>();
        attributes.properties().forEach(e -> byName.put(e.getKey(), e.getValue()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byName.forEach((name, a) -> {
            lengthPrefixed(bytes, name);
            lengthPrefixed(bytes, a.path("DataType").asText());
            bytes.write(1);
            lengthPrefixed(bytes, a.path("StringValue").asText());
        });
        return md5(bytes.toByteArray());
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, String text) {
        byte[] utf8 = utf8(text);
        out.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
        out.writeBytes(utf8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
