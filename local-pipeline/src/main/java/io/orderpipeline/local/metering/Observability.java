package io.orderpipeline.local.metering;

import io.orderpipeline.local.template.LocalNames;
import io.orderpipeline.local.template.TemplateResolver;



/**
 * What the template turns on that AWS bills per use: the state machine's {@code Logging} (level and whether execution
 * data is included) and {@code Tracing}, and the functions' {@code Tracing}.
 *
 * @param anyFunctionTraced a function runs with {@code Tracing: Active}: it traces invocations no traced caller
 *                          sampled before it (the state machine's own calls join the execution's trace)
 * @param roleArn           the state machine's role, as the ExecutionStarted event names it
 */
public record Observability(HistoryLogLevel stateMachineLogLevel, boolean includeExecutionData,
                            boolean stateMachineTraced, boolean anyFunctionTraced, String roleArn) {

    public static Observability from(TemplateResolver resolver, String stateMachineLogicalId) {
        var machine = resolver.template().resource(stateMachineLogicalId);
        var logging = resolver.resolveMap(machine.property("Logging"));
        var tracing = resolver.resolveMap(machine.property("Tracing"));
        var globals = resolver.template().globalsFor("Function");
        boolean functionTraced = resolver.template().resourcesOfType("AWS::Serverless::Function").values().stream()
                .anyMatch(f -> "Active".equals(resolver.resolveString(
                        f.properties().containsKey("Tracing") ? f.property("Tracing") : globals.get("Tracing"))));
        var role = "arn:aws:iam::" + LocalNames.ACCOUNT_ID + ":role/" + LocalNames.STACK_NAME + "-"
                + stateMachineLogicalId + "Role-0123456789AB";
        return new Observability(HistoryLogLevel.of(TemplateResolver.scalar(logging.get("Level"))),
                Boolean.parseBoolean(String.valueOf(logging.getOrDefault("IncludeExecutionData", "false"))),
                Boolean.parseBoolean(String.valueOf(tracing.getOrDefault("Enabled", "false"))), functionTraced, role);
    }

}
