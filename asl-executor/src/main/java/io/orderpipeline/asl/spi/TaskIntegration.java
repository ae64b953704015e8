package io.orderpipeline.asl.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One service integration of a Task state, e.g. {@code arn:aws:states:::dynamodb:putItem}.
 * Implementations live outside the executor (the local pipeline talks to emulators; tests use fakes).
 */
@FunctionalInterface
public interface TaskIntegration {

    /**
     * Runs the task.
     *
     * @param resource   the Task's {@code Resource} exactly as written in the definition
     * @param parameters the effective input after InputPath and Parameters processing
     * @param context    who is calling
     * @return the raw task result, before ResultSelector / ResultPath / OutputPath
     * @throws StatesError with the error name AWS would report (e.g. {@code Lambda.ServiceException},
     *                     {@code DynamoDB.ConditionalCheckFailedException}) so Retry and Catch can match it
     */
    JsonNode invoke(String resource, JsonNode parameters, TaskContext context) throws StatesError;
}
