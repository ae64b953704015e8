package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Every error name a Retry or Catch of the definition matches is one AWS emits for that state's integration (issue #12
 * §5): a misspelled or invented name never matches, so a transient error would be parked instead of retried. The names,
 * with where each comes from:
 * <ul>
 *   <li>{@code States.*}: the Amazon States Language's predefined errors
 *       (https://states-language.net/spec.html#appendix-a).</li>
 *   <li>Lambda ({@code arn:aws:states:::lambda:invoke}): {@code Lambda.ClientExecutionTimeoutException},
 *       {@code Lambda.ServiceException}, {@code Lambda.AWSLambdaException}, {@code Lambda.SdkClientException} — the
 *       transient service errors AWS tells to retry, and {@code Lambda.TooManyRequestsException} (the function's
 *       concurrency limit), {@code Lambda.Unknown} (unhandled: out of memory, timeout) — all on
 *       https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html; and
 *       {@code Lambda.SnapStartNotReadyException}, {@code Lambda.SnapStartTimeoutException} (a SnapStart version not
 *       active, a restore that timed out: https://docs.aws.amazon.com/lambda/latest/dg/snapstart-troubleshooting.html,
 *       whose example shows the error as Step Functions names it).</li>
 *   <li>DynamoDB ({@code arn:aws:states:::dynamodb:*}): {@code DynamoDB.} + the service's error code, as AWS-recorded
 *       Step Functions behaviour reproduces it (LocalStack's AWS-validated {@code state_task_service_dynamodb.py}:
 *       {@code error = f"DynamoDB.{error_code}"}), the codes from
 *       https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html:
 *       {@code ConditionalCheckFailedException}, {@code ProvisionedThroughputExceededException},
 *       {@code ThrottlingException}, {@code RequestLimitExceeded}, {@code InternalServerError},
 *       {@code ServiceUnavailable}; {@code DynamoDB.AmazonDynamoDBException} for an answer without a service error code,
 *       and {@code DynamoDB.SdkClientException} when DynamoDB did not answer (as Step Functions names Lambda's). The
 *       local pipeline names them so (local-pipeline {@code ServiceErrors}, tested on DynamoDB's error bodies).</li>
 *   <li>SQS ({@code arn:aws:states:::sqs:sendMessage}): {@code SQS.SdkClientException} for a service rejection and
 *       {@code SQS.AmazonSQSException} otherwise (LocalStack's AWS-validated {@code state_task_service_sqs.py}).</li>
 *   <li>A function's own error: the Java runtime reports an uncaught exception with its fully qualified class name as
 *       {@code errorType}, which Step Functions makes the Task's error (docs/validator.md). The reconciler throws
 *       {@code io.orderpipeline.reconciler.TransientServiceException} for a throttled or unanswered service call
 *       (#22 §5); the class must exist in reconciler-fn.</li>
 * </ul>
 */
class IntegrationErrorNamesTest {

    static final Set<String> STATES = Set.of("States.ALL", "States.TaskFailed", "States.Timeout", "States.Runtime",
            "States.DataLimitExceeded", "States.HeartbeatTimeout", "States.Permissions", "States.ResultPathMatchFailure",
            "States.ParameterPathFailure", "States.BranchFailed", "States.NoChoiceMatched", "States.IntrinsicFailure",
            "States.ExceedToleratedFailureThreshold", "States.ItemReaderFailed", "States.ResultWriterFailed",
            "States.QueryEvaluationError");

    static final Map<String, Set<String>> BY_INTEGRATION = Map.of(
            "arn:aws:states:::lambda:invoke", Set.of("Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException",
                    "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException",
                    "Lambda.Unknown", "Lambda.SnapStartNotReadyException", "Lambda.SnapStartTimeoutException"),
            "arn:aws:states:::dynamodb:", Set.of("DynamoDB.ConditionalCheckFailedException",
                    "DynamoDB.ProvisionedThroughputExceededException", "DynamoDB.ThrottlingException",
                    "DynamoDB.RequestLimitExceeded", "DynamoDB.InternalServerError", "DynamoDB.ServiceUnavailable",
                    "DynamoDB.AmazonDynamoDBException", "DynamoDB.SdkClientException"),
            "arn:aws:states:::sqs:sendMessage", Set.of("SQS.SdkClientException", "SQS.AmazonSQSException"));

    static final String RECONCILER_TRANSIENT = "io.orderpipeline.reconciler.TransientServiceException";
    /** Errors a function raises itself, by the placeholder of the function its Task invokes. */
    static final Map<String, Set<String>> BY_FUNCTION = Map.of(
            "${ReconcilerFunctionArn}", Set.of(RECONCILER_TRANSIENT));

    private final AslDefinition asl = AslDefinition.load();

    @Test
    void everyRetriedOrCaughtErrorIsOneTheStatesIntegrationEmits() {
        var unknown = new ArrayList<String>();
        var checked = 0;
        for (var state : asl.allStates()) {
            var known = known(state);
            for (var field : List.of("Retry", "Catch")) {
                for (var rule : state.body().path(field)) {
                    for (var error : rule.path("ErrorEquals")) {
                        checked++;
                        if (!STATES.contains(error.asText()) && !known.contains(error.asText())) {
                            unknown.add(state.name() + " " + field + " " + error.asText());
                        }
                    }
                }
            }
        }
        assertThat(checked).as("error names in the definition").isGreaterThan(10);
        assertThat(unknown).as("error names no integration of the state emits").isEmpty();
    }

    @Test
    void lambdaInvocationsRetryEveryTransientServiceErrorAwsNames() {
        for (var state : asl.statesOfType("Task")) {
            if (!state.body().path("Resource").asText().equals("arn:aws:states:::lambda:invoke")) {
                continue;
            }
            var retried = new ArrayList<String>();
            state.body().path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> retried.add(e.asText())));
            assertThat(retried).as(state.name()).contains("Lambda.ClientExecutionTimeoutException",
                    "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException");
        }
    }

    @Test
    void everyLambdaTaskWaitsForASnapStartVersionToBecomeActive() {
        // #22 §6: a version not invoked for 14 days is Inactive and answers SnapStartNotReadyException until it is
        // Active again; a restore can time out (snapstart-troubleshooting.html). AWS does not say how long activation
        // takes: the parent's tasks (STANDARD, no 5-minute limit) wait minutes, a child what its budget leaves
        // (ChildTimeBudgetTest), at least two retries.
        for (var state : asl.statesOfType("Task")) {
            if (!state.body().path("Resource").asText().equals("arn:aws:states:::lambda:invoke")) {
                continue;
            }
            var snapStart = new ArrayList<com.fasterxml.jackson.databind.JsonNode>();
            state.body().path("Retry").forEach(r -> {
                var errors = r.path("ErrorEquals").toString();
                if (errors.contains("Lambda.SnapStartNotReadyException")) {
                    assertThat(errors).as(state.name()).contains("Lambda.SnapStartTimeoutException");
                    snapStart.add(r);
                }
            });
            assertThat(snapStart).as("%s retries SnapStart's errors", state.name()).hasSize(1);
            var retrier = snapStart.getFirst();
            assertThat(retrier.path("MaxAttempts").asInt()).as(state.name()).isGreaterThanOrEqualTo(2);
            var wait = 0.0;
            for (int i = 1; i <= retrier.path("MaxAttempts").asInt(); i++) {
                wait += Math.min(retrier.path("IntervalSeconds").asDouble() * Math.pow(retrier.path("BackoffRate").asDouble(), i - 1),
                        retrier.path("MaxDelaySeconds").asDouble(Double.MAX_VALUE));
            }
            var inChild = state.parent() != null;
            assertThat(wait).as("%s waits %.0f s in all for the version", state.name(), wait)
                    .isGreaterThanOrEqualTo(inChild ? 30 : 240);
        }
    }

    @Test
    void theReconcilersTasksRetryItsTransientServiceFailuresByTheNameItRaises() {
        // #22 §5: a throttled S3, SQS or DynamoDB call inside the reconciler must not fail the whole file
        var exception = ProjectFiles.resolve("reconciler-fn/src/main/java/" + RECONCILER_TRANSIENT.replace('.', '/') + ".java");
        assertThat(exception).as("the exception the reconciler raises").isRegularFile();
        var tasks = asl.statesOfType("Task").stream().filter(s -> s.body().path("Parameters").path("FunctionName").asText()
                .equals("${ReconcilerFunctionArn}")).toList();
        assertThat(tasks).extracting(AslDefinition.State::name).contains("Inspect", "Reconcile");
        for (var task : tasks) {
            assertThat(task.body().path("Retry").toString()).as(task.name()).contains(RECONCILER_TRANSIENT);
        }
    }

    private static Set<String> known(AslDefinition.State state) {
        var resource = state.body().path("Resource").asText("");
        var names = new java.util.HashSet<String>(BY_INTEGRATION.entrySet().stream().filter(e -> resource.startsWith(e.getKey()))
                .findFirst().map(Map.Entry::getValue).orElse(Set.of()));
        names.addAll(BY_FUNCTION.getOrDefault(state.body().path("Parameters").path("FunctionName").asText(), Set.of()));
        return names;
    }
}
