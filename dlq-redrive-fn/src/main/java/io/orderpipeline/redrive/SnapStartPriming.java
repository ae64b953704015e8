package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.DlqMessages;
import io.orderpipeline.model.IdempotentWrite;
import io.orderpipeline.model.Json;
import io.orderpipeline.lambda.snapstart.PrimingResource;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming: before Lambda takes the snapshot, runs the redrive's CPU-side path on bundled sample DLQ
 * bodies - Jackson, DLQ body parsing, re-validation (the {@link Triage}), item mapping - and builds the SQS and
 * DynamoDB requests a run would send, walking their fields as the SDK's marshallers do. It never calls a client:
 * no network, no queue or table effect, no metrics, no log line.
 */
final class SnapStartPriming extends PrimingResource {

    static final String SAMPLE_MESSAGES = "/priming/redrive-messages.json";

    /** What one priming pass went through (for tests; otherwise discarded). */
    record Result(List<Triage.Decision> decisions, List<SdkPojo> requests) {
    }

    private final Triage triage;
    private final RedriveConfig config;
    private final Clock clock;

    SnapStartPriming(Triage triage, RedriveConfig config, Clock clock) {
        this.triage = triage;
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected void warmUp() throws IOException {
        prime();
    }

    Result prime() throws IOException {
        Instant now = clock.instant();
        List<SdkPojo> requests = new ArrayList<>();
        requests.add(ReceiveMessageRequest.builder().queueUrl(config.dlqUrl())
                .maxNumberOfMessages(QueueClient.BATCH).visibilityTimeout(60).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All").build());
        List<Triage.Decision> decisions = new ArrayList<>();
        int index = 0;
        for (JsonNode sample : samples()) {
            String id = "priming-" + index++;
            Message message = Message.builder().messageId(id).receiptHandle(id).body(Json.write(sample))
                    .messageAttributes(Map.of()).build();
            Triage.Decision decision = triage.decide(message, RedriveRequest.defaults(), now);
            decisions.add(decision);
            switch (decision) {
                case Triage.Passes passes -> {
                    requests.add(PutItemRequest.builder().tableName(config.tableName())
                            .item(AttributeValueJson.item(passes.item()))
                            .conditionExpression(IdempotentWrite.CONDITION_EXPRESSION)
                            .expressionAttributeValues(AttributeValueJson.item(
                                    IdempotentWrite.expressionAttributeValues(passes.item())))
                            .returnValues(ReturnValue.ALL_OLD).build());
                    requests.add(DeleteMessageBatchRequest.builder().queueUrl(config.dlqUrl())
                            .entries(DeleteMessageBatchRequestEntry.builder().id(id).receiptHandle(id).build())
                            .build());
                }
                case Triage.StillInvalid still -> requests.add(SendMessageBatchRequest.builder()
                        .queueUrl(config.dlqUrl())
                        .entries(SendMessageBatchRequestEntry.builder().id(id)
                                .messageBody(DlqMessages.toJson(still.refreshed()))
                                .messageAttributes(RedriveAttributes.forCopy(message, still.refreshed(), 1, null))
                                .build())
                        .build());
                case Triage.Skipped skipped -> throw new IllegalStateException("priming sample skipped: " + skipped.why());
                case Triage.FilteredOut filteredOut -> throw new IllegalStateException("priming sample filtered out");
            }
        }
        requests.forEach(SnapStartPriming::walkFields);
        return new Result(List.copyOf(decisions), List.copyOf(requests));
    }

    private static List<JsonNode> samples() throws IOException {
        try (InputStream in = SnapStartPriming.class.getResourceAsStream(SAMPLE_MESSAGES)) {
            if (in == null) {
                throw new IOException("the priming sample " + SAMPLE_MESSAGES + " is not on the classpath");
            }
            JsonNode samples = Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<JsonNode> list = new ArrayList<>();
            samples.forEach(list::add);
            return list;
        }
    }

    /**
     * Reads every field of a request through its {@link SdkField} accessors, recursively - the traversal the SDK's
     * protocol marshallers make - so those accessor classes are loaded and compiled before the snapshot.
     */
    private static void walkFields(Object value) {
        switch (value) {
            case SdkPojo pojo -> {
                for (SdkField<?> field : pojo.sdkFields()) {
                    Object fieldValue = field.getValueOrDefault(pojo);
                    if (fieldValue != null) {
                        walkFields(fieldValue);
                    }
                }
            }
            case Collection<?> values -> values.forEach(SnapStartPriming::walkFields);
            case Map<?, ?> entries -> entries.values().forEach(SnapStartPriming::walkFields);
            default -> {
            }
        }
    }
}
