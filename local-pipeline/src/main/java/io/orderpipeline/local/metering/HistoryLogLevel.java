package io.orderpipeline.local.metering;

import java.util.Locale;
import java.util.Set;

/**
 * A state machine's {@code Logging.Level}: which history events Step Functions sends to CloudWatch Logs. ALL sends every
 * event; ERROR and FATAL send the event types of AWS's table
 * (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-log-level); Map Run failures are
 * counted with the other failure events at ERROR.
 */
public enum HistoryLogLevel {
    ALL, ERROR, FATAL, OFF;

    private static final Set<String> FATAL_EVENTS = Set.of("ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut");
    private static final Set<String> ERROR_EVENTS = Set.of("ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut",
            "FailStateEntered", "LambdaFunctionFailed", "LambdaFunctionScheduleFailed", "LambdaFunctionStartFailed",
            "LambdaFunctionTimedOut", "MapIterationAborted", "MapIterationFailed", "MapStateAborted", "MapStateFailed",
            "MapRunAborted", "MapRunFailed", "ParallelStateAborted", "ParallelStateFailed", "TaskFailed",
            "TaskStartFailed", "TaskStateAborted", "TaskSubmitFailed", "TaskTimedOut", "WaitStateAborted");

    /** Whether an event of this type reaches CloudWatch Logs at this level. */
    public boolean logs(String eventType) {
        return switch (this) {
            case ALL -> true;
            case ERROR -> ERROR_EVENTS.contains(eventType);
            case FATAL -> FATAL_EVENTS.contains(eventType);
            case OFF -> false;
        };
    }

    /** {@code Logging.Level} as the template states it; no Logging at all is OFF, as AWS defaults it. */
    public static HistoryLogLevel of(String level) {
        return level == null || level.isBlank() ? OFF : valueOf(level.trim().toUpperCase(Locale.ROOT));
    }
}
