package io.orderpipeline.redrive;

import com.amazon.sqs.javamessaging.AmazonSQSExtendedClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.aws.AwsClients;
import io.orderpipeline.lambda.snapstart.PrimingResource;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.redrive.aws.CannedAwsHttpClient;
import io.orderpipeline.redrive.aws.DynamoOrderTable;
import io.orderpipeline.redrive.aws.S3ClaimChecks;
import io.orderpipeline.redrive.aws.SqsDeadLetterQueue;
import io.orderpipeline.redrive.core.DeadLetterQueue;
import io.orderpipeline.redrive.core.DeadLetterQueue.Destination;
import io.orderpipeline.redrive.core.DeadLetterQueue.Handle;
import io.orderpipeline.redrive.core.DeadLetterQueue.Outgoing;
import io.orderpipeline.redrive.core.OrderTable;
import io.orderpipeline.redrive.core.ReceivedMessage;
import io.orderpipeline.redrive.core.RedriveAttributes;
import io.orderpipeline.redrive.core.RedriveRequest;
import io.orderpipeline.redrive.core.Triage;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming (lambda-support's {@link PrimingResource}): runs the redrive's path on bundled sample DLQ bodies -
 * Jackson, DLQ body parsing, re-validation (the {@link Triage}), item mapping - and makes the calls a run would make
 * through the function's own adapters (SQS, DynamoDB, the Extended Client's sends) on SDK clients over
 * {@link CannedAwsHttpClient}, so the SDK's request path is warm too. The function's own clients are never called:
 * no network, no queue or table effect, no metrics.
 */
final class SnapStartPriming extends PrimingResource<SnapStartPriming.Result> {

    static final String SAMPLE_MESSAGES = "/priming/redrive-messages.json";

    /** What one priming pass went through (for tests; otherwise discarded). */
    record Result(List<Triage.Decision> decisions, List<CannedAwsHttpClient.Call> calls) {
    }

    /** The adapters priming calls, built once for all its passes on clients over the canned HTTP client. */
    private record PrimingAdapters(CannedAwsHttpClient http, DeadLetterQueue queue, OrderTable table) {
    }

    private final Triage triage;
    private final RedriveConfig config;
    private final Map<String, String> environment;
    private final Clock clock;
    private PrimingAdapters adapters;

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
        PrimingAdapters on = adapters();
        int before = on.http().calls().size();
        Instant now = clock.instant();
        on.queue().receive(RedriveRequest.DEFAULT_MAX_MESSAGES);
        List<Triage.Decision> decisions = new ArrayList<>();
        int index = 0;
        for (JsonNode sample : samples()) {
            String id = "priming-" + index++;
            ReceivedMessage message = new ReceivedMessage(id, id, Json.write(sample), Map.of(), false);
            Triage.Decision decision = triage.decide(message, message.body(), RedriveRequest.defaults(), now);
            decisions.add(decision);
            switch (decision) {
                case Triage.Passes passes -> {
                    on.table().put(passes.item());
                    on.queue().delete(List.of(Handle.of(message)));
                }
                case Triage.StillInvalid still -> on.queue().send(Destination.DLQ, List.of(new Outgoing(id,
                        Triage.copyBody(still.original(), still.refreshed()),
                        RedriveAttributes.forCopy(message, still.refreshed(), 1, null))));
                case Triage.Skipped skipped -> throw new IllegalStateException("priming sample skipped: " + skipped.why());
                case Triage.FilteredOut filteredOut -> throw new IllegalStateException("priming sample filtered out");
            }
        }
        List<CannedAwsHttpClient.Call> calls = on.http().calls();
        return new Result(List.copyOf(decisions), calls.subList(before, calls.size()));
    }

    /**
     * Sends go through the extended client as in a run; the samples are small, so its S3 client is built but never
     * called. No heartbeat thread: priming holds no message.
     */
    private PrimingAdapters adapters() {
        if (adapters == null) {
            var http = new CannedAwsHttpClient();
            SqsClient sqs = AwsClients.forPriming(SqsClient.builder(), environment, http);
            S3Client s3 = AwsClients.forPriming(S3Client.builder(), environment, http);
            SqsClient sender = new AmazonSQSExtendedClient(sqs,
                    S3ClaimChecks.sending(s3, config.ordersBucket(), config.claimCheckPrefix()));
            adapters = new PrimingAdapters(http,
                    new SqsDeadLetterQueue(sqs, sender, config.dlqUrl(), config.parkingQueueUrl(), clock, false),
                    new DynamoOrderTable(AwsClients.forPriming(DynamoDbClient.builder(), environment, http),
                            config.tableName()));
        }
        return adapters;
    }

    private List<JsonNode> samples() throws IOException {
        List<JsonNode> list = new ArrayList<>();
        Json.read(new String(sample(SAMPLE_MESSAGES), StandardCharsets.UTF_8)).forEach(list::add);
        return list;
    }
}
