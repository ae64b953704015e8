package io.orderpipeline.local.integration;

import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.lambda.FunctionRegistry;

import java.util.function.Function;

/** Every service integration the pipeline's definition uses, against the emulators and the in-process functions. */
public final class Integrations implements Function<String, TaskIntegration> {
    /**
     * The state machine's DynamoDB calls in flight at once. Measured on 2 cores (bench PipelineBenchmarks): over HTTP
     * and unbounded (500 puts in flight), the pipeline spent twice the CPU of the same puts sent from 8 threads. In this
     * JVM (InProcessDynamoDb) DynamoDB Local takes one write per table at a time anyway; 2, 8 and 20 in flight ran
     * within the measurements' noise of each other.
     */
    static final int DYNAMODB_CONCURRENCY = 8;

    private final LambdaInvokeIntegration lambda;
    private final DynamoDbIntegration dynamoDb;
    private final SqsIntegration sqs;
    private final S3ObjectStore s3;

    public Integrations(LocalEnvironment environment, FunctionRegistry functions) {
        var clients = environment.clients();
        this.lambda = new LambdaInvokeIntegration(functions);
        this.dynamoDb = new DynamoDbIntegration(environment.stateMachineDynamoDb(), DYNAMODB_CONCURRENCY);
        this.sqs = new SqsIntegration(clients.sqs());
        this.s3 = new S3ObjectStore(clients.s3());
    }

    @Override
    public TaskIntegration apply(String resource) {
        if (LambdaInvokeIntegration.handles(resource)) {
            return lambda;
        }
        if (resource.startsWith(DynamoDbIntegration.PREFIX)) {
            return dynamoDb;
        }
        if (resource.startsWith("arn:aws:states:::sqs:")) {
            return sqs;
        }
        return null;
    }

    public DynamoDbIntegration dynamoDb() {
        return dynamoDb;
    }

    public SqsIntegration sqs() {
        return sqs;
    }

    public S3ObjectStore s3() {
        return s3;
    }
}
