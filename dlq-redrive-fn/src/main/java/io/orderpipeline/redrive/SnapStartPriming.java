package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.amazon.sqs.javamessaging.AmazonSQSExtendedClient;
import io.orderpipeline.lambda.aws.AwsClients;
import io.orderpipeline.lambda.aws.SdkAttributeValues;
import io.orderpipeline.lambda.snapstart.PrimingResource;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.IdempotentWrite;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming (lambda-support's {@link PrimingResource}): runs the redrive's CPU-side path on bundled sample DLQ
 * bodies - Jackson, DLQ body parsing, re-validation (the {@link Triage}), item mapping - builds the SQS and DynamoDB
 * requests a run would send, and sends them through SDK clients over {@link CannedAwsHttpClient}, so the SDK's request
 * path is warm too. The function's own clients are never called: no network, no queue or table effect, no metrics.
 */
final class SnapStartPriming extends PrimingResource<SnapStartPriming.Result> {

    static final String SAMPLE_MESSAGES = "/priming/redrive-messages.json";

    /** What one priming pass went through (for tests; otherwise discarded). */
    record Result(List<Triage.Decision> decisions, List<SdkPojo> requests, List<String> operationsSent) {
    }

    private final Triage triage;
    private final RedriveConfig config;
    private final Map<String, String> environment;
    private final Clock clock;

    SnapStartPriming(Triage triage, RedriveConfig config, Map<String, String> environment, Clock clock,
                     Tracing tracing) {
        super(tracing, null);
        this.triage = triage;
        this.config = config;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
    }

    @Override
    protected Result pass() throws IOException {
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
            Triage.Decision decision = triage.decide(message, message.body(), RedriveRequest.defaults(), now);
            decisions.add(decision);
            switch (decision) {
                case Triage.Passes passes -> {
                    requests.add(PutItemRequest.builder().tableName(config.tableName())
                            .item(SdkAttributeValues.toSdk(passes.item()))
                            .conditionExpression(IdempotentWrite.CONDITION_EXPRESSION)
                            .expressionAttributeValues(SdkAttributeValues.toSdk(
                                    IdempotentWrite.expressionAttributeValues(passes.item())))
                            .returnValues(ReturnValue.ALL_OLD).build());
                    requests.add(DeleteMessageBatchRequest.builder().queueUrl(config.dlqUrl())
                            .entries(DeleteMessageBatchRequestEntry.builder().id(id).receiptHandle(id).build())
                            .build());
                }
                case Triage.StillInvalid still -> requests.add(SendMessageBatchRequest.builder()
                        .queueUrl(config.dlqUrl())
                        .entries(SendMessageBatchRequestEntry.builder().id(id)
                                .messageBody(Triage.copyBody(still.original(), still.refreshed()))
                                .messageAttributes(RedriveAttributes.forCopy(message, still.refreshed(), 1, null))
                                .build())
                        .build());
                case Triage.Skipped skipped -> throw new IllegalStateException("priming sample skipped: " + skipped.why());
                case Triage.FilteredOut filteredOut -> throw new IllegalStateException("priming sample filtered out");
            }
        }
        return new Result(List.copyOf(decisions), List.copyOf(requests), send(requests));
    }

    /**
     * Clients used by priming only, built once for all its passes; the function's own clients never see a call.
     * Sends go through the extended client as in a run ({@code sender}); the samples are small, so its S3 client is
     * built but never called.
     */
    private record PrimingClients(CannedAwsHttpClient http, SqsClient sqs, SqsClient sender, DynamoDbClient dynamoDb) {
    }

    private PrimingClients clients;

    private List<String> send(List<SdkPojo> requests) {
        if (clients == null) {
            var http = new CannedAwsHttpClient();
            SqsClient sqs = AwsClients.forPriming(SqsClient.builder(), environment, http);
            var s3 = AwsClients.forPriming(S3Client.builder(), environment, http);
            clients = new PrimingClients(http, sqs, new AmazonSQSExtendedClient(sqs,
                    ClaimChecks.sending(s3, config.ordersBucket(), config.claimCheckPrefix())),
                    AwsClients.forPriming(DynamoDbClient.builder(), environment, http));
        }
        int before = clients.http().operations().size();
        for (SdkPojo request : requests) {
            switch (request) {
                case ReceiveMessageRequest receive -> clients.sqs().receiveMessage(receive);
                case PutItemRequest put -> clients.dynamoDb().putItem(put);
                case DeleteMessageBatchRequest delete -> clients.sqs().deleteMessageBatch(delete);
                case SendMessageBatchRequest send -> clients.sender().sendMessageBatch(send);
                default -> throw new IllegalStateException("no priming call for " + request.getClass());
            }
        }
        List<String> operations = clients.http().operations();
        return operations.subList(before, operations.size());
    }

    private List<JsonNode> samples() throws IOException {
        List<JsonNode> list = new ArrayList<>();
        Json.read(new String(sample(SAMPLE_MESSAGES), StandardCharsets.UTF_8)).forEach(list::add);
        return list;
    }
}
