package io.orderpipeline.asl.engine;

import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionType;

import java.util.UUID;

/** Names and ARNs of one execution, shaped like AWS's. */
public record ExecutionIdentity(String executionArn, String executionName, String stateMachineArn,
                                String stateMachineName, String roleArn, ExecutionType type) {

    public static ExecutionIdentity of(ExecutionRequest request) {
        Arn arn = Arn.parse(request.stateMachineArn());
        String executionArn = request.type() == ExecutionType.EXPRESS
                ? arn.prefix() + "express:" + arn.name() + ":" + request.executionName() + ":" + UUID.randomUUID()
                : arn.prefix() + "execution:" + arn.name() + ":" + request.executionName();
        return new ExecutionIdentity(executionArn, request.executionName(), request.stateMachineArn(), arn.name(),
                "arn:aws:iam::" + arn.account() + ":role/" + arn.name() + "-role", request.type());
    }

    /** The ARN of a Distributed Map run started by this execution. */
    public String mapRunArn(String label, String mapRunId) {
        Arn arn = Arn.parse(stateMachineArn);
        return arn.prefix() + "mapRun:" + arn.name() + "/" + label + ":" + mapRunId;
    }

    /** A child execution of a Distributed Map run: its state machine is {@code <parent>/<label>}. */
    public ExecutionIdentity child(String label, String mapRunId, ExecutionType childType) {
        Arn arn = Arn.parse(stateMachineArn);
        String childMachine = arn.name() + "/" + label;
        String name = UUID.randomUUID().toString();
        String executionArn = childType == ExecutionType.EXPRESS
                ? arn.prefix() + "express:" + childMachine + ":" + mapRunId + ":" + name
                : arn.prefix() + "execution:" + childMachine + ":" + name;
        return new ExecutionIdentity(executionArn, name, arn.prefix() + "stateMachine:" + childMachine, childMachine,
                roleArn, childType);
    }

    private record Arn(String prefix, String account, String name) {
        static Arn parse(String stateMachineArn) {
            // arn:aws:states:<region>:<account>:stateMachine:<name>
            String[] parts = stateMachineArn.split(":", 7);
            return new Arn(String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4]) + ":", parts[4], parts[6]);
        }
    }
}
