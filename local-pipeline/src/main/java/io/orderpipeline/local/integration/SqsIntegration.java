package io.orderpipeline.local.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskContext;
import io.orderpipeline.asl.spi.TaskIntegration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code arn:aws:states:::sqs:sendMessage}. A JSON (non-string) {@code MessageBody} is sent serialized, as Step
 * Functions does.
 */
public final class SqsIntegration implements TaskIntegration {
    public static final String SEND_MESSAGE = "arn:aws:states:::sqs:sendMessage";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int BILLING_CHUNK = 64 * 1024;

    private final SqsClient client;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong billedRequests = new AtomicLong();

    public SqsIntegration(SqsClient client) {
        this.client = client;
    }

    public long messagesSent() {
        return messages.get();
    }

    /** Requests as SQS bills them: each 64 KiB chunk of a payload is one request. */
    public long billedRequests() {
        return billedRequests.get();
    }

    @Override
    public JsonNode invoke(String resource, JsonNode parameters, TaskContext context) throws StatesError {
        if (!SEND_MESSAGE.equals(resource)) {
            throw new StatesError("States.Runtime", "The local pipeline does not support " + resource);
        }
        var bodyNode = parameters.get("MessageBody");
        if (bodyNode == null || bodyNode.isNull()) {
            throw new StatesError("SQS.AmazonSQSException", "The request must contain the parameter MessageBody.");
        }
        var body = bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString();
        var request = SendMessageRequest.builder()
                .queueUrl(parameters.path("QueueUrl").asText(null))
                .messageBody(body);
        var attributes = parameters.get("MessageAttributes");
        long attributeBytes = 0;
        if (attributes != null && attributes.isObject()) {
            var map = new LinkedHashMap<String, MessageAttributeValue>();
            for (var entry : attributes.properties()) {
                var value = entry.getValue();
                var attribute = MessageAttributeValue.builder().dataType(value.path("DataType").asText());
                if (value.hasNonNull("StringValue")) {
                    attribute.stringValue(value.get("StringValue").asText());
                    attributeBytes += value.get("StringValue").asText().getBytes(StandardCharsets.UTF_8).length;
                }
                if (value.hasNonNull("BinaryValue")) {
                    var bytes = Base64.getDecoder().decode(value.get("BinaryValue").asText());
                    attribute.binaryValue(SdkBytes.fromByteArray(bytes));
                    attributeBytes += bytes.length;
                }
                attributeBytes += entry.getKey().length() + value.path("DataType").asText().length();
                map.put(entry.getKey(), attribute.build());
            }
            request.messageAttributes(map);
        }
        if (parameters.hasNonNull("DelaySeconds")) {
            request.delaySeconds(parameters.get("DelaySeconds").asInt());
        }
        if (parameters.hasNonNull("MessageGroupId")) {
            request.messageGroupId(parameters.get("MessageGroupId").asText());
        }
        if (parameters.hasNonNull("MessageDeduplicationId")) {
            request.messageDeduplicationId(parameters.get("MessageDeduplicationId").asText());
        }
        long size = body.getBytes(StandardCharsets.UTF_8).length + attributeBytes;
        billedRequests.addAndGet(Math.max(1, (size + BILLING_CHUNK - 1) / BILLING_CHUNK));
        try {
            var response = client.sendMessage(request.build());
            messages.incrementAndGet();
            var result = NODES.objectNode();
            result.put("MD5OfMessageBody", response.md5OfMessageBody());
            if (response.md5OfMessageAttributes() != null) {
                result.put("MD5OfMessageAttributes", response.md5OfMessageAttributes());
            }
            result.put("MessageId", response.messageId());
            return SdkMetadata.add(result, response);
        } catch (SdkException e) {
            throw ServiceErrors.sqs(e);
        }
    }
}
