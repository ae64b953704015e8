package io.orderpipeline.asl.spi;

import java.util.List;
import java.util.Set;

/**
 * The error names Step Functions reports ({@code States.*}), and how Retry and Catch match them
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
 */
public final class ErrorNames {

    public static final String ALL = "States.ALL";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String RUNTIME = "States.Runtime";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    public static final String RESULT_WRITER_FAILED = "States.ResultWriterFailed";
    public static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";
    /** A JSONata expression failed, returned nothing, or returned a value of the wrong type. */
    public static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";
    /** Internal: a branch or iteration stopped because a sibling failed (never reported; the sibling's error is). */
    public static final String CANCELLED = "States.Cancelled";

    /**
     * Terminal errors: AWS documents that States.ALL cannot catch them; they always fail the execution, so no
     * Retry or Catch (not even naming them) handles them here.
     */
    private static final Set<String> TERMINAL = Set.of(RUNTIME, DATA_LIMIT_EXCEEDED, CANCELLED);

    private ErrorNames() {
    }

    public static boolean isTerminal(String error) {
        return error != null && TERMINAL.contains(error);
    }

    /** True when {@code errorEquals} (one retrier's or catcher's list) matches {@code error}. */
    public static boolean matches(List<String> errorEquals, String error) {
        if (isTerminal(error)) {
            return false;
        }
        for (String name : errorEquals) {
            if (name.equals(ALL) || name.equals(error)) {
                return true;
            }
            if (name.equals(TASK_FAILED) && !TIMEOUT.equals(error)) {
                return true;
            }
        }
        return false;
    }
}
