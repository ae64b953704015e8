package io.orderpipeline.asl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

/**
 * The payload quota: "Maximum input or output size for a task, state, or execution — 256 KiB of data as a UTF-8
 * encoded string. This quota affects tasks (activity, Lambda function, or integrated service), state or execution
 * output, and input data when scheduling a task, entering a state, or starting an execution"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-task-executions). AWS
 * fails such a state with {@code States.DataLimitExceeded} "when the output of a connector is larger than payload
 * size quota, when the output of a state is larger than payload size quota, when, after Parameters processing, the
 * input of a state is larger than the payload size quota"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html), with the cause
 * {@code The state/task '<name>' returned a result with a size exceeding the maximum number of bytes service limit.}
 * (AWS-recorded: test_states_errors.test_start_large_input). The size is the compact UTF-8 JSON text.
 * <p>
 * The executor checks at each of those points: the execution input (a Distributed Map child's input included), a
 * state's input after Parameters / Arguments (a task's parameters), an inline Map iteration's input after ItemSelector,
 * a task's result, a Parallel's or Map's aggregated result, and every state's output (a Catcher's included).
 * Variables have limits of their own ({@link Variables}).
 */
public final class PayloadLimit {

    public static final long MAX_BYTES = 262_144;

    private PayloadLimit() {
    }

    /** The execution's input (StartExecution; a Distributed Map child's input). */
    public static void checkExecutionInput(JsonNode input) throws StatesError {
        long size = Json.sizeInBytes(input);
        if (size > MAX_BYTES) {
            throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, "The execution input is " + size + " bytes, more "
                    + "than the maximum number of bytes service limit (" + MAX_BYTES + ")");
        }
    }

    /** A state's input after Parameters / Arguments, or an inline Map iteration's input after ItemSelector. */
    public static void checkStateInput(JsonNode input, String state, String after) throws StatesError {
        long size = Json.sizeInBytes(input);
        if (size > MAX_BYTES) {
            throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, "The input of the state '" + state + "' after "
                    + after + " is " + size + " bytes, more than the maximum number of bytes service limit ("
                    + MAX_BYTES + ")");
        }
    }

    /** A task's result, a Parallel's or Map's aggregated result, or a state's output. */
    public static void checkResult(JsonNode result, String state) throws StatesError {
        long size = Json.sizeInBytes(result);
        if (size > MAX_BYTES) {
            throw resultTooLarge(state);
        }
    }

    /** The error of a state whose result is over the limit (for a result measured while it was collected). */
    public static StatesError resultTooLarge(String state) {
        return new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, "The state/task '" + state + "' returned a result "
                + "with a size exceeding the maximum number of bytes service limit.");
    }
}
