package io.orderpipeline.redrive;

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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP client that never touches the network: it answers each AWS JSON-protocol call the redrive makes with a
 * minimal successful response, chosen by the {@code X-Amz-Target} header. SnapStart priming sends its requests through
 * SDK clients built on it, so the SDK's whole request path — endpoint rules, marshalling, signing, retries,
 * unmarshalling, SQS's MD5 checks — is loaded and compiled before the snapshot without any effect on AWS.
 */
final class CannedAwsHttpClient implements SdkHttpClient {

    /** The one message a priming receive gets back; its body is not a DLQ message and is never triaged. */
    static final String RECEIVED_BODY = "{\"priming\":true}";

    private final List<String> operations = new CopyOnWriteArrayList<>();

    /** The operations answered so far, in order ({@code AmazonSQS.ReceiveMessage}, …). */
    List<String> operations() {
        return List.copyOf(operations);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                operations.add(target);
                byte[] body = responseBody(target).getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(body.length))
                                .putHeader("x-amzn-RequestId", "snapstart-priming")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private static String responseBody(String target) {
        ObjectNode response = Json.mapper().createObjectNode();
        switch (target.substring(target.indexOf('.') + 1)) {
            case "ReceiveMessage" -> response.putArray("Messages").addObject()
                    .put("MessageId", "snapstart-priming")
                    .put("ReceiptHandle", "snapstart-priming")
                    .put("MD5OfBody", md5Hex(RECEIVED_BODY))
                    .put("Body", RECEIVED_BODY);
            case "DeleteMessageBatch" -> {
                response.putArray("Successful").addObject().put("Id", "priming-0");
                response.putArray("Failed");
            }
            // a failed entry: the SDK's MD5 check of a sent copy's attributes only runs on successful ones
            case "SendMessageBatch" -> {
                response.putArray("Successful");
                response.putArray("Failed").addObject().put("Id", "priming-1").put("SenderFault", false)
                        .put("Code", "SnapStartPriming").put("Message", "not sent: priming");
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
