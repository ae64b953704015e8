package io.orderpipeline.local.emulator;

import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.DefaultAwsResponseMetadata;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.util.AwsHeader;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.dynamodb.services.exceptions.DynamoDBLocalServiceException;
import software.amazon.dynamodb.services.local.embedded.DDBExceptionMappingInvocationHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The state machine's DynamoDB calls handed to DynamoDB Local's request handler in this JVM: the same handler, and so
 * the same database, that DynamoDB Local's HTTP server (which the functions, the reports and any other client use)
 * hands its requests to. What it skips is the HTTP round trip on both sides — the SDK's request pipeline (endpoint
 * rules, signing, checksums, JSON) and the server's (Jetty, JSON) — which on 2 cores cost about as much CPU as
 * DynamoDB Local's own work per put. Requests and responses are the SDK's own model objects; a service error is
 * DynamoDB Local's, turned into the SDK's exception with the service's error code by DynamoDB Local's own embedded-mode
 * mapping ({@code DDBExceptionMappingInvocationHandler}, what {@code DynamoDBEmbedded} clients throw), so the
 * integration names it as it names an error that came over HTTP.
 * <p>
 * Only what the definition's {@code dynamodb:} tasks call is served (and DescribeTable, for the index count; and the
 * batch writes the benchmarks' baselines use); any other operation is refused ({@code UnsupportedOperationException},
 * the SDK interface's default).
 */
public final class InProcessDynamoDb implements DynamoDbClient {
    private final LocalDynamoDBRequestHandler handler;

    InProcessDynamoDb(LocalDynamoDBRequestHandler handler) {
        this.handler = handler;
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        var response = call(() -> handler.putItem(EmulatorClients.ACCESS_KEY, Emulators.REGION, request));
        return answered(response.toBuilder()).build();
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        var response = call(() -> handler.getItem(EmulatorClients.ACCESS_KEY, Emulators.REGION, request));
        return answered(response.toBuilder()).build();
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        var response = call(() -> handler.updateItem(EmulatorClients.ACCESS_KEY, Emulators.REGION, request));
        return answered(response.toBuilder()).build();
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        var response = call(() -> handler.deleteItem(EmulatorClients.ACCESS_KEY, Emulators.REGION, request));
        return answered(response.toBuilder()).build();
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        var response = call(() -> handler.describeTable(EmulatorClients.ACCESS_KEY, Emulators.REGION, request));
        return answered(response.toBuilder()).build();
    }

    /** Not called by the definition; the benchmarks' baselines write through it to compare like with like. */
    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        var response = call(() -> handler.batchWriteItem(EmulatorClients.ACCESS_KEY, Emulators.REGION, request));
        return answered(response.toBuilder()).build();
    }

    /** Not called by the definition; the benchmarks' baselines write through it to compare like with like. */
    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        var response = call(() -> handler.transactWriteItems(EmulatorClients.ACCESS_KEY, Emulators.REGION, request));
        return answered(response.toBuilder()).build();
    }

    /**
     * The response metadata an SDK client's response carries and Step Functions copies into a task's result
     * ({@code SdkHttpMetadata}, {@code SdkResponseMetadata}): HTTP 200, DynamoDB's content type and a request id
     * (the response format of https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html,
     * checked 2026-12-07: {@code x-amzn-RequestId}, {@code Content-Type: application/x-amz-json-1.0}). The headers
     * that only a byte stream has (Content-Length, x-amz-crc32, Date) are left out; the definition reads none of
     * them. The id is a random UUID; nothing reads its form.
     */
    private static <B extends AwsResponse.Builder> B answered(B response) {
        var requestId = UUID.randomUUID().toString();
        response.sdkHttpResponse(SdkHttpResponse.builder().statusCode(200)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("x-amzn-RequestId", requestId)
                .build());
        response.responseMetadata(DefaultAwsResponseMetadata.create(Map.of(AwsHeader.AWS_REQUEST_ID, requestId)));
        return response;
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (DynamoDBLocalServiceException e) {
            throw serviceError(e);
        }
    }

    /** DynamoDB Local's error as the SDK's exception, through DynamoDB Local's own embedded-mode mapping. */
    static RuntimeException serviceError(DynamoDBLocalServiceException e) {
        try {
            DDBExceptionMappingInvocationHandler.handleDynamoDBLocalServiceException(e);
        } catch (AwsServiceException mapped) {
            return mapped;
        } catch (RuntimeException | Error unexpected) {
            throw unexpected;
        } catch (Throwable other) {
            return SdkClientException.create(other.getMessage(), other);
        }
        return SdkClientException.create(e.getMessage(), e);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    /** The handler belongs to the emulators, which shut it down. */
    @Override
    public void close() {
    }
}
