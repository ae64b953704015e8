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
 *       https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html.</li>
 *   <li>DynamoDB ({@code arn:aws:states:::dynamodb:*}): {@code DynamoDB.} + the service's error code, as AWS-recorded
 *       Step Functions behaviour reproduces it (LocalStack's AWS-validated {@code state_task_service_dynamodb.py}:
 *       {@code error = f"DynamoDB.{error_code}"}), the codes from
 *       https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html:
 *       {@code ConditionalCheckFailedException}, {@code ProvisionedThroughputExceededException},
 *       {@code ThrottlingException}, {@code RequestLimitExceeded}, {@code InternalServerError}, and
 *       {@code DynamoDB.AmazonDynamoDBException} for a failure without a service error code.</li>
 *   <li>SQS ({@code arn:aws:states:::sqs:sendMessage}): {@code SQS.SdkClientException} for a service rejection and
 *       {@code SQS.AmazonSQSException} otherwise (LocalStack's AWS-validated {@code state_task_service_sqs.py}).</li>
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
                    "Lambda.Unknown"),
            "arn:aws:states:::dynamodb:", Set.of("DynamoDB.ConditionalCheckFailedException",
                    "DynamoDB.ProvisionedThroughputExceededException", "DynamoDB.ThrottlingException",
                    "DynamoDB.RequestLimitExceeded", "DynamoDB.InternalServerError", "DynamoDB.AmazonDynamoDBException"),
            "arn:aws:states:::sqs:sendMessage", Set.of("SQS.SdkClientException", "SQS.AmazonSQSException"));

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

    private static Set<String> known(AslDefinition.State state) {
        var resource = state.body().path("Resource").asText("");
        return BY_INTEGRATION.entrySet().stream().filter(e -> resource.startsWith(e.getKey())).findFirst()
                .map(Map.Entry::getValue).orElse(Set.of());
    }
}
