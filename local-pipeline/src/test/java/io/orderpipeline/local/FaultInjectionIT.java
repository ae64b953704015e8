package io.orderpipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.local.OrderFiles.Format;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.lambda.FunctionRegistry;
import io.orderpipeline.local.lambda.InvocationResult;
import io.orderpipeline.local.report.FileReport;
import io.orderpipeline.local.template.FunctionSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static io.orderpipeline.local.PipelineTestSupport.countItemsWithPrefix;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures injected at the service boundaries: the definition's Retry and Catch must lose nothing
 * (every record read ends in the table or in the DLQ). One set of emulators; a pipeline per fault.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionIT {
    private LocalEnvironment environment;
    private LocalPipeline plain;

    @BeforeAll
    void start() {
        environment = LocalEnvironment.startOwn();
        plain = PipelineTestSupport.start(environment, PipelineTestSupport.options());
    }

    @AfterAll
    void stop() {
        plain.close();
        environment.close();
    }

    private record Retries(List<String> errors) implements ExecutionListener {
        Retries() {
            this(new CopyOnWriteArrayList<>());
        }

        @Override
        public void retryScheduled(String executionArn, String stateName, String error, int retryCount, Duration delay) {
            errors.add(stateName + ":" + error);
        }
    }

    private FileReport run(LocalPipeline.Options options, String prefix, int valid, int invalid, String key) {
        try (var pipeline = PipelineTestSupport.start(environment, options)) {
            var report = pipeline.report(pipeline.upload(OrderFiles.render(OrderFiles.orders(prefix, valid, invalid), Format.JSONL), key));
            assertThat(report.conserved()).as("read %d = table %d + DLQ %d", report.read(), report.inTable(), report.inDlq()).isTrue();
            assertThat(report.read()).isEqualTo(valid + invalid);
            return report;
        }
    }

    @Test
    void throttledDynamoDbWritesAreRetriedAndWritten() {
        // three throttles, as many as one put's Retry allows, wherever they fall: every order is still written
        var injected = new AtomicInteger();
        var retries = new Retries();
        var options = PipelineTestSupport.options().withListener(retries).withIntegrations(Faults.failFirst(
                "arn:aws:states:::dynamodb:putItem", p -> true, 3, "DynamoDB.ProvisionedThroughputExceededException", injected));

        var report = run(options, "THROTTLED", 20, 0, "incoming/throttled.jsonl");

        assertThat(injected).hasValue(3);
        assertThat(retries.errors()).hasSize(3).allMatch(e -> e.endsWith("DynamoDB.ProvisionedThroughputExceededException"));
        assertThat(report.inTable()).isEqualTo(20);
        assertThat(report.inDlq()).isZero();
    }

    @Test
    void aWriteThatKeepsFailingIsParkedAsProcessingError() {
        var injected = new AtomicInteger();
        var victim = OrderFiles.id("STUCK", 2);
        var options = PipelineTestSupport.options().withIntegrations(Faults.failFirst("arn:aws:states:::dynamodb:putItem",
                p -> victim.equals(p.at("/Item/orderId/S").asText()), 1_000, "DynamoDB.InternalServerError", injected));

        var report = run(options, "STUCK", 10, 0, "incoming/stuck.jsonl");

        assertThat(injected).hasValue(4); // the first try and three retries
        assertThat(report.inTable()).isEqualTo(9);
        assertThat(report.dlqByReason()).isEqualTo(Map.of("PROCESSING_ERROR", 1L));
        assertThat(countItemsWithPrefix(plain, "ORD-STUCK")).isEqualTo(9);
    }

    @Test
    void throttledDlqSendsAreRetriedAndDelivered() {
        // two failures, as many as one send's Retry allows, wherever they fall
        var injected = new AtomicInteger();
        var retries = new Retries();
        var options = PipelineTestSupport.options().withListener(retries).withIntegrations(Faults.failFirst(
                "arn:aws:states:::sqs:sendMessage", p -> true, 2, "SQS.AmazonSQSException", injected));

        var report = run(options, "SQSTHROTTLE", 5, 8, "incoming/sqs-throttled.jsonl");

        assertThat(injected).hasValue(2);
        assertThat(retries.errors()).hasSize(2);
        assertThat(report.inTable()).isEqualTo(5);
        assertThat(report.dlqByReason()).isEqualTo(Map.of("TOTAL_MISMATCH", 8L));
    }

    @Test
    void aPutStillThrottledWhenItsRetriesRunOutIsParkedSayingSoAndTheRedriveStoresIt() {
        // #22 §3: the child's time budget bounds the retries; the order that outlasts them is valid and parked with a
        // reason that says it was throttled, and the redrive (its own conditional put) stores it later
        var injected = new AtomicInteger();
        var victim = OrderFiles.id("SQUEEZED", 3);
        var options = PipelineTestSupport.options().withIntegrations(Faults.failFirst("arn:aws:states:::dynamodb:putItem",
                p -> victim.equals(p.at("/Item/orderId/S").asText()), 1_000, "DynamoDB.ThrottlingException", injected));

        var report = run(options, "SQUEEZED", 6, 0, "incoming/squeezed/orders.jsonl");

        assertThat(injected).hasValue(4); // the first try and three retries
        assertThat(report.inTable()).isEqualTo(5);
        assertThat(report.dlqByReason()).isEqualTo(Map.of("PROCESSING_ERROR", 1L));
        var parked = firstMessage(report);
        assertThat(parked.body().get("orderId").asText()).isEqualTo(victim);
        assertThat(parked.body().get("stage").asText()).isEqualTo("WRITE");
        assertThat(parked.body().at("/reasons/0/message").asText()).contains("throttled").contains("redrive")
                .contains("DynamoDB.ThrottlingException");

        var redriven = redrive("{\"sourceKeyPrefix\": \"incoming/squeezed/\"}");
        assertThat(redriven.get("redriven").asInt()).isEqualTo(1);
        assertThat(PipelineTestSupport.item(plain, victim)).isNotNull().containsKey("contentHash");
        assertThat(plain.inspector().peekDlq()).noneMatch(e -> report.outcome().executionArn().equals(e.executionId()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ValidateBatch", "Inspect", "Reconcile"})
    void aFunctionVersionNotReadyTwiceStillProcessesTheFile(String task) {
        // #22 §6: a SnapStart version inactive after 14 days answers SnapStartNotReadyException until it is Active
        // again (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-troubleshooting.html); every Lambda task waits
        Predicate<JsonNode> invocation = switch (task) {
            case "ValidateBatch" -> p -> p.path("Payload").has("Items");
            case "Inspect" -> p -> "INSPECT".equals(p.at("/Payload/action").asText());
            default -> p -> "RECONCILE".equals(p.at("/Payload/action").asText());
        };
        var injected = new AtomicInteger();
        var retries = new Retries();
        var options = PipelineTestSupport.options().withListener(retries).withIntegrations(Faults.failFirst(
                "arn:aws:states:::lambda:invoke", invocation, 2, "Lambda.SnapStartNotReadyException", injected));

        var report = run(options, "NOTREADY" + task.toUpperCase(Locale.ROOT), 7, 2,
                "incoming/not-ready-" + task + ".jsonl");

        assertThat(injected).hasValue(2);
        assertThat(retries.errors()).hasSize(2).allMatch(e -> e.startsWith(task) && e.endsWith(":Lambda.SnapStartNotReadyException"));
        assertThat(report.outcome().result().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(report.inTable()).isEqualTo(7);
        assertThat(report.dlqByReason()).isEqualTo(Map.of("TOTAL_MISMATCH", 2L));
    }

    @Test
    void aReconcilerWhoseServiceCallsAreThrottledTwiceStillReconcilesTheFile() {
        // #22 §5: the reconciler raises TransientServiceException for a throttled or unanswered S3, SQS or DynamoDB call
        // (reconciler-fn TransientServiceExceptionTest); Inspect and Reconcile retry it by that name
        var injected = new AtomicInteger();
        var retries = new Retries();
        var options = PipelineTestSupport.options().withListener(retries).withIntegrations(Faults.failFirst(
                "arn:aws:states:::lambda:invoke", p -> p.at("/Payload/action").isTextual(), 2,
                io.orderpipeline.reconciler.TransientServiceException.ERROR_NAME, injected));

        var report = run(options, "RECONCILERTHROTTLED", 5, 1, "incoming/reconciler-throttled.jsonl");

        assertThat(injected).hasValue(2);
        assertThat(retries.errors()).hasSize(2).allMatch(e -> e.endsWith(":io.orderpipeline.reconciler.TransientServiceException"));
        assertThat(report.outcome().result().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(report.inTable()).isEqualTo(5);
        assertThat(report.dlqByReason()).isEqualTo(Map.of("TOTAL_MISMATCH", 1L));
    }

    private JsonNode redrive(String request) {
        var result = plain.functions().function("RedriveFunction").invoke(request.getBytes(StandardCharsets.UTF_8), null);
        assertThat(result).isInstanceOf(InvocationResult.Success.class);
        try {
            return new ObjectMapper().readTree(
                    ((InvocationResult.Success) result).payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aThrowingValidatorSendsTheWholeBatchToTheDlqAsProcessingError() {
        var options = PipelineTestSupport.options().withFunctions(new FunctionRegistry.Options(
                replaceValidator(FailingValidators.Throwing.class), e -> e, f -> Duration.ofSeconds(f.timeoutSeconds())));

        var report = run(options, "THROWS", 6, 3, "incoming/validator-throws.jsonl");

        assertThat(report.outcome().result().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(report.inTable()).isZero();
        // the child fails; the reconciler parks its records from the file: the valid ones naming the child's error,
        // the invalid ones with their own reasons
        assertThat(report.dlqByReason()).isEqualTo(Map.of("PROCESSING_ERROR", 6L, "TOTAL_MISMATCH", 3L));
        assertThat(report.conserved()).isTrue();
        var message = plain.inspector().peekDlq().stream()
                .filter(e -> report.outcome().executionArn().equals(e.executionId()))
                .filter(e -> e.reasonCode().equals("PROCESSING_ERROR")).findFirst().orElseThrow();
        assertThat(message.body().get("stage").asText()).isEqualTo("RECONCILIATION");
        assertThat(message.body().at("/reasons/0/message").asText()).contains("java.lang.IllegalStateException");
        assertThat(message.body().at("/record/orderId").asText()).startsWith("ORD-THROWS-");
    }

    @Test
    void aValidatorTimeoutSendsTheWholeBatchToTheDlqAsProcessingError() {
        var options = PipelineTestSupport.options().withFunctions(new FunctionRegistry.Options(
                replaceValidator(FailingValidators.Hanging.class), e -> e,
                // only the validator's timeout is short: the reconciler keeps its own (a loaded machine once timed out Inspect)
                f -> f.logicalId().equals("ValidatorFunction") ? Duration.ofMillis(300) : Duration.ofSeconds(f.timeoutSeconds())));

        var report = run(options, "TIMEOUT", 4, 0, "incoming/validator-timeout.jsonl");

        assertThat(report.dlqByReason()).isEqualTo(Map.of("PROCESSING_ERROR", 4L));
        assertThat(firstMessage(report).body().at("/reasons/0/message").asText()).contains("Sandbox.Timedout");
    }

    @Test
    void aFileTheReconcilerCannotReadIsReportedWithTheMapsOwnCountsAndItsFailureNamedOnce() {
        var options = PipelineTestSupport.options().withIntegrations(
                Faults.deleteTheFileBefore("RECONCILE", environment.clients().s3()));
        try (var pipeline = PipelineTestSupport.start(environment, options)) {
            var outcome = pipeline.upload(OrderFiles.render(OrderFiles.orders("NOTREAD", 4, 2),
                    OrderFiles.Format.JSONL), "incoming/not-read.jsonl");
            var summary = pipeline.summary(List.of(outcome), Duration.ofSeconds(1));
            var report = summary.files().getFirst();

            assertThat(outcome.result().status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(outcome.result().error()).isEqualTo("OrderFile.NotReconciled");
            assertThat(report.notReconciled()).isTrue();
            assertThat(report.conserved()).as("nothing was checked").isFalse();
            // what the Map's children did is in the table and the DLQ, and the report says so as theirs
            assertThat(countItemsWithPrefix(pipeline, "ORD-NOTREAD")).isEqualTo(4);
            assertThat(report.mapStored()).isEqualTo(4);
            assertThat(report.mapParked()).isEqualTo(2);
            var file = pipeline.inspector().peekDlq().stream()
                    .filter(e -> outcome.executionArn().equals(e.executionId()) && "FILE".equals(e.kind()))
                    .findFirst().orElseThrow();
            assertThat(file.body().at("/reasons/0/message").asText())
                    .startsWith("The file could not be processed: OrderFile.NotReconciled: The reconciler could not"
                            + " read the file to check it: cannot read s3://")
                    .contains("the Map's children reported 6 records: 4 stored, 2 parked")
                    .doesNotContain("stackTrace").doesNotContain("\tat ");

            var printed = new java.io.ByteArrayOutputStream();
            summary.print(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            var text = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text.lines().filter(l -> l.startsWith("incoming/not-read.jsonl")).findFirst().orElseThrow())
                    .containsPattern("FAILED\\s+-\\s+4 map\\s+2 map");
            assertThat(text.split("could not read the file to check it", -1)).as(text).hasSize(2);
            assertThat(text).doesNotContain("stackTrace");
        }
    }

    @Test
    void aChildThatFailedAfterStoringPartOfItsBatchIsReconciledExactlyNoOrderInTheTableAndTheDlq() {
        // the sixth put reaches DynamoDB, then its task fails the child as a whole (#22 §4): the ResultWriter has
        // only the child's input and error, the table holds what its puts stored before
        var injected = new AtomicInteger();
        var options = PipelineTestSupport.options().withIntegrations(Faults.failAfterItsCall(
                "arn:aws:states:::dynamodb:putItem", 5, "States.Runtime", injected));

        var report = run(options, "HALFWAY", 12, 2, "incoming/halfway.jsonl");

        assertThat(injected).hasValue(1);
        var json = report.reconciliation().json();
        assertThat(json.at("/map/childrenFailed").asInt()).isEqualTo(1);
        long stored = countItemsWithPrefix(plain, "ORD-HALFWAY");
        assertThat(stored).as("the five puts before the failure and the failing one, at least").isGreaterThanOrEqualTo(6);
        assertThat(json.at("/counts/storedFoundInTable").asLong()).isEqualTo(stored);
        assertThat(report.inTable()).isEqualTo(stored);
        assertThat(report.inDlq()).isEqualTo(14 - stored);
        assertThat(report.dlqByReason()).containsEntry("TOTAL_MISMATCH", 2L);
        var parkedIds = plain.inspector().peekDlq().stream()
                .filter(e -> report.outcome().executionArn().equals(e.executionId()))
                .map(e -> e.body().path("orderId").asText()).toList();
        assertThat(parkedIds).hasSize((int) (14 - stored)).doesNotHaveDuplicates();
        for (String orderId : parkedIds) {
            assertThat(PipelineTestSupport.item(plain, orderId)).as("%s is parked, so not stored", orderId).isEmpty();
        }
        var valid = plain.inspector().peekDlq().stream()
                .filter(e -> report.outcome().executionArn().equals(e.executionId()))
                .filter(e -> e.reasonCode().equals("PROCESSING_ERROR")).toList();
        assertThat(valid).hasSize((int) (12 - stored)).allSatisfy(m -> assertThat(m.body().at("/reasons/0/message")
                .asText()).contains("States.Runtime"));
    }

    private io.orderpipeline.local.report.PipelineInspector.DlqEntry firstMessage(FileReport report) {
        return plain.inspector().peekDlq().stream()
                .filter(e -> report.outcome().executionArn().equals(e.executionId())).findFirst().orElseThrow();
    }

    private static java.util.function.UnaryOperator<FunctionSpec> replaceValidator(Class<?> handler) {
        return f -> f.logicalId().equals("ValidatorFunction")
                ? new FunctionSpec(f.logicalId(), handler.getName() + "::handleRequest", f.timeoutSeconds(), f.memoryMb(),
                f.architecture(), f.environment())
                : f;
    }
}
