package io.orderpipeline.asl.api;

/**
 * Who is being executed.
 *
 * @param stateMachineArn e.g. {@code arn:aws:states:us-east-1:000000000000:stateMachine:OrderPipeline}; null means a
 *                        local default ({@link #DEFAULT_STATE_MACHINE_ARN})
 * @param executionName   the execution's name; null means a random UUID
 * @param type            STANDARD or EXPRESS; null means STANDARD
 */
public record ExecutionRequest(String stateMachineArn, String executionName, ExecutionType type) {

    public static final String DEFAULT_STATE_MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:LocalStateMachine";

    public ExecutionRequest {
        if (stateMachineArn == null) {
            stateMachineArn = DEFAULT_STATE_MACHINE_ARN;
        }
        if (executionName == null) {
            executionName = java.util.UUID.randomUUID().toString();
        }
        if (type == null) {
            type = ExecutionType.STANDARD;
        }
        if (!stateMachineArn.matches("arn:[^:]+:states:[^:]*:[^:]*:stateMachine:[^:]+")) {
            throw new IllegalArgumentException("not a state machine ARN: " + stateMachineArn);
        }
    }

    /** A STANDARD execution of the local default state machine with a random name. */
    public static ExecutionRequest standard() {
        return new ExecutionRequest(null, null, ExecutionType.STANDARD);
    }

    /** An EXPRESS execution of the local default state machine with a random name. */
    public static ExecutionRequest express() {
        return new ExecutionRequest(null, null, ExecutionType.EXPRESS);
    }
}
