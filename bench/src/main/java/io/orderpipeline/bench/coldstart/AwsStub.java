package io.orderpipeline.bench.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The smallest DynamoDB + SQS (JSON protocol) and S3 (REST, path style) endpoint that lets the redrive and the
 * reconciler finish a real pass during a cold-start measurement: every ReceiveMessage of a fresh client (keyed by the
 * queue URL and a per-process counter) returns one DLQ message once, then nothing; writes, deletes and sends succeed;
 * S3 serves the objects it was given (GET, HEAD), accepts any PUT and lists nothing. Not an emulator: it answers only
 * what a cold start needs, so the measurement is the function's start-up, not an emulator's.
 */
public final class AwsStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String dlqBody;
    private final ConcurrentHashMap<String, Boolean> delivered = new ConcurrentHashMap<>();
    private final java.util.Map<String, byte[]> objects = new ConcurrentHashMap<>();

    public AwsStub(String dlqBody) throws IOException {
        this.dlqBody = dlqBody;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "aws-stub");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** S3 serves this object at {@code /<bucket>/<key>}. */
    public void putObject(String bucket, String key, byte[] content) {
        objects.put("/" + bucket + "/" + key, content);
    }

    /** Makes the next ReceiveMessage with this marker in the queue URL's path return the message again. */
    public void reset() {
        delivered.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null) {
            handleS3(exchange);
            return;
        }
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        ObjectNode response = JSON.createObjectNode();
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        switch (operation) {
            case "ReceiveMessage" -> {
                ArrayNode messages = response.putArray("Messages");
                if (delivered.putIfAbsent(request.path("QueueUrl").asText(), Boolean.TRUE) == null) {
                    ObjectNode message = messages.addObject();
                    message.put("MessageId", "00000000-0000-0000-0000-000000000001");
                    message.put("ReceiptHandle", "bench-receipt-1");
                    message.put("Body", dlqBody);
                    message.put("MD5OfBody", md5(dlqBody));
                    message.putObject("Attributes").put("ApproximateReceiveCount", "1");
                }
            }
            case "DeleteMessageBatch", "ChangeMessageVisibilityBatch" -> {
                ArrayNode ok = response.putArray("Successful");
                request.path("Entries").forEach(e -> ok.addObject().put("Id", e.path("Id").asText()));
                response.putArray("Failed");
            }
            case "SendMessageBatch" -> {
                ArrayNode ok = response.putArray("Successful");
                request.path("Entries").forEach(e -> ok.addObject().put("Id", e.path("Id").asText())
                        .put("MessageId", "m-" + e.path("Id").asText())
                        .put("MD5OfMessageBody", md5(e.path("MessageBody").asText())));
                response.putArray("Failed");
            }
            case "SendMessage" -> response.put("MessageId", "m-1")
                    .put("MD5OfMessageBody", md5(request.path("MessageBody").asText()));
            default -> {
                // PutItem, GetItem, DeleteMessage…: an empty result is a success
            }
        }
        byte[] body = JSON.writeValueAsBytes(response);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "bench");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void handleS3(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        exchange.getResponseHeaders().set("x-amz-request-id", "bench");
        switch (exchange.getRequestMethod()) {
            case "GET" -> {
                if (query != null && query.contains("list-type=2")) {
                    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><KeyCount>0</KeyCount>"
                            + "<IsTruncated>false</IsTruncated></ListBucketResult>").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/xml");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                } else {
                    byte[] body = objects.get(path);
                    if (body == null) {
                        byte[] error = "<Error><Code>NoSuchKey</Code><Message>no such key</Message></Error>"
                                .getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(404, error.length);
                        exchange.getResponseBody().write(error);
                    } else {
                        exchange.getResponseHeaders().set("ETag", "\"bench\"");
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                    }
                }
            }
            case "HEAD" -> {
                byte[] body = objects.get(path);
                exchange.getResponseHeaders().set("ETag", "\"bench\"");
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(body == null ? 0 : body.length));
                exchange.sendResponseHeaders(body == null ? 404 : 200, -1);
            }
            default -> {
                exchange.getResponseHeaders().set("ETag", "\"bench\"");
                exchange.sendResponseHeaders(200, -1);
            }
        }
        exchange.close();
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
