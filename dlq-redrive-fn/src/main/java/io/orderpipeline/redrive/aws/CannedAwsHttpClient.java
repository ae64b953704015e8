package io.orderpipeline.redrive.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.json.Json;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.utils.BinaryUtils;
import software.amazon.awssdk.utils.Md5Utils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP client that never touches the network: it answers each AWS JSON-protocol call the redrive makes with a
 * minimal successful response, chosen by the {@code X-Amz-Target} header. SnapStart priming sends its requests through
 * the function's adapters on SDK clients built on it, so the SDK's whole request path — endpoint rules, marshalling,
 * signing, retries, unmarshalling, SQS's MD5 checks — is loaded and compiled before the snapshot without any effect on
 * AWS.
 */
public final class CannedAwsHttpClient implements SdkHttpClient {

    /** The one message a priming receive gets back; its body is not a DLQ message and is never triaged. */
    static final String RECEIVED_BODY = "{\"priming\":true}";

    /** A call answered: its operation ({@code AmazonSQS.ReceiveMessage}, …) and its request body as sent. */
    public record Call(String operation, JsonNode request) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** The calls answered so far, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        JsonNode body = body(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                calls.add(new Call(target, body));
                byte[] bytes = responseBody(target, body).getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(bytes.length))
                                .putHeader("x-amzn-RequestId", "snapstart-priming")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private static JsonNode body(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) {
            return Json.mapper().createObjectNode();
        }
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String responseBody(String target, JsonNode request) {
        ObjectNode response = Json.mapper().createObjectNode();
        switch (target.substring(target.indexOf('.') + 1)) {
            case "ReceiveMessage" -> response.putArray("Messages").addObject()
                    .put("MessageId", "snapstart-priming")
                    .put("ReceiptHandle", "snapstart-priming")
                    .put("MD5OfBody", md5Hex(RECEIVED_BODY))
                    .put("Body", RECEIVED_BODY);
            case "DeleteMessageBatch" -> {
                ArrayNode successful = response.putArray("Successful");
                request.path("Entries").forEach(e -> successful.addObject().put("Id", e.path("Id").asText()));
                response.putArray("Failed");
            }
            // failed entries: the SDK's MD5 check of a sent copy's attributes only runs on successful ones
            case "SendMessageBatch" -> {
                response.putArray("Successful");
                ArrayNode failed = response.putArray("Failed");
                request.path("Entries").forEach(e -> failed.addObject().put("Id", e.path("Id").asText())
                        .put("SenderFault", false).put("Code", "SnapStartPriming").put("Message", "not sent: priming"));
            }
            default -> {
            }
        }
        return Json.write(response);
    }

    private static String md5Hex(String text) {
        return BinaryUtils.toHex(Md5Utils.computeMD5Hash(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String clientName() {
        return "SnapStartPriming";
    }

    @Override
    public void close() {
    }
}
