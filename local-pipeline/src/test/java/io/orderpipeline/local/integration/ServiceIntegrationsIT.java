package io.orderpipeline.local.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskContext;
import io.orderpipeline.local.emulator.Emulators;
import io.orderpipeline.local.provision.Provisioner;
import io.orderpipeline.local.template.Fixture;
import io.orderpipeline.local.template.LocalNames;
import io.orderpipeline.local.template.TemplateResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ServiceIntegrationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TaskContext CONTEXT = new TaskContext("arn:exec", "Task", 1, null);
    private static Emulators emulators;
    private static TemplateResolver resolver;
    private static String dlqUrl;

    @BeforeAll
    static void start() throws IOException {
        emulators = Emulators.start();
        resolver = new TemplateResolver(io.orderpipeline.cfn.Template.load(Fixture.templateFile()),
                new LocalNames(emulators.endpoints().sqs()), Map.of());
        new Provisioner(emulators.clients(), resolver).provision();
        dlqUrl = resolver.resolveString(Map.of("Ref", "OrdersDlq"));
    }

    @AfterAll
    static void stop() {
        emulators.close();
    }

    @Test
    void provisioningFollowsTheTemplate() {
        var table = emulators.clients().dynamoDb().describeTable(b -> b.tableName("OrdersTable")).table();
        assertThat(table.keySchema()).singleElement().satisfies(k -> assertThat(k.attributeName()).isEqualTo("orderId"));
        assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(gsi -> {
            assertThat(gsi.indexName()).isEqualTo("byCustomer");
            assertThat(gsi.keySchema()).extracting(k -> k.attributeName()).containsExactly("customerId", "orderDate");
        });
        var attributes = emulators.clients().sqs().getQueueAttributes(b -> b.queueUrl(dlqUrl)
                .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.ALL)).attributesAsStrings();
        assertThat(attributes).containsEntry("VisibilityTimeout", "360");
        assertThat(emulators.clients().s3().getBucketVersioning(b -> b.bucket("orders-bucket")).statusAsString())
                .isEqualTo("Enabled");
        // provisioning twice is harmless
        new Provisioner(emulators.clients(), resolver).provision();
    }

    @Test
    void conditionalPutsAreIdempotentAndConflictsCarryStepFunctionsErrorName() throws Exception {
        var dynamo = new DynamoDbIntegration(emulators.clients().dynamoDb());
        var put = """
                {"TableName": "OrdersTable",
                 "Item": {"orderId": {"S": "ORD-1"}, "contentHash": {"S": "%s"}, "totalAmount": {"N": "24.40"}},
                 "ConditionExpression": "attribute_not_exists(orderId) OR contentHash = :contentHash",
                 "ExpressionAttributeValues": {":contentHash": {"S": "%s"}}}
                """;
        var result = dynamo.invoke("arn:aws:states:::dynamodb:putItem", JSON.readTree(put.formatted("h1", "h1")), CONTEXT);
        assertThat(result.at("/SdkHttpMetadata/HttpStatusCode").asInt()).isEqualTo(200);
        dynamo.invoke("arn:aws:states:::dynamodb:putItem", JSON.readTree(put.formatted("h1", "h1")), CONTEXT);

        var conflict = catchThrowableOfType(StatesError.class, () ->
                dynamo.invoke("arn:aws:states:::dynamodb:putItem", JSON.readTree(put.formatted("h2", "h2")), CONTEXT));
        assertThat(conflict.error()).isEqualTo("DynamoDB.ConditionalCheckFailedException");

        var got = dynamo.invoke("arn:aws:states:::dynamodb:getItem",
                JSON.readTree("{\"TableName\": \"OrdersTable\", \"Key\": {\"orderId\": {\"S\": \"ORD-1\"}}}"), CONTEXT);
        assertThat(got.at("/Item/contentHash/S").asText()).isEqualTo("h1");
        assertThat(got.at("/Item/totalAmount/N").asText()).isEqualTo("24.4"); // DynamoDB normalises numbers

        dynamo.invoke("arn:aws:states:::dynamodb:updateItem", JSON.readTree("""
                {"TableName": "OrdersTable", "Key": {"orderId": {"S": "ORD-1"}},
                 "UpdateExpression": "SET #c = :c", "ExpressionAttributeNames": {"#c": "channel"},
                 "ExpressionAttributeValues": {":c": {"S": "web"}}}
                """), CONTEXT);
        var deleted = dynamo.invoke("arn:aws:states:::dynamodb:deleteItem", JSON.readTree("""
                {"TableName": "OrdersTable", "Key": {"orderId": {"S": "ORD-1"}}, "ReturnValues": "ALL_OLD"}
                """), CONTEXT);
        assertThat(deleted.at("/Attributes/channel/S").asText()).isEqualTo("web");
        assertThat(dynamo.writeRequests()).isEqualTo(5);
    }

    @Test
    void missingTablesAreReportedWithTheServiceExceptionName() throws Exception {
        var dynamo = new DynamoDbIntegration(emulators.clients().dynamoDb());
        var error = catchThrowableOfType(StatesError.class, () -> dynamo.invoke("arn:aws:states:::dynamodb:putItem",
                JSON.readTree("{\"TableName\": \"Nope\", \"Item\": {\"orderId\": {\"S\": \"x\"}}}"), CONTEXT));
        assertThat(error.error()).isEqualTo("DynamoDB.ResourceNotFoundException");
        assertThat(error.cause()).contains("(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException;");
    }

    @Test
    void dynamoDbLocalsOwnRejectionIsNamedWithItsErrorCode() throws Exception {
        // DynamoDB Local's real error body for an item without its key: the code is the __type's name
        var dynamo = new DynamoDbIntegration(emulators.clients().dynamoDb());
        var error = catchThrowableOfType(StatesError.class, () -> dynamo.invoke("arn:aws:states:::dynamodb:putItem",
                JSON.readTree("{\"TableName\": \"OrdersTable\", \"Item\": {\"customerId\": {\"S\": \"x\"}}}"), CONTEXT));
        assertThat(error.error()).isEqualTo("DynamoDB.ValidationException");
        assertThat(error.cause()).contains("Error Code: ValidationException");
    }

    /**
     * The state machine's own DynamoDB calls go to DynamoDB Local's request handler in this JVM (no HTTP); the same
     * request gives the same error name and the same cause as an SDK client's over DynamoDB Local's HTTP endpoint, and
     * what one path writes the other reads: one database.
     */
    @Test
    void theInProcessPathAndTheHttpPathAnswerAlikeOnOneDatabase() throws Exception {
        var inProcess = new DynamoDbIntegration(emulators.stateMachineDynamoDb());
        var http = new DynamoDbIntegration(emulators.clients().dynamoDb());
        assertThat(emulators.stateMachineDynamoDb())
                .isInstanceOf(io.orderpipeline.local.emulator.InProcessDynamoDb.class);

        var put = """
                {"TableName": "OrdersTable",
                 "Item": {"orderId": {"S": "ORD-IP"}, "contentHash": {"S": "%s"}, "totalAmount": {"N": "10.50"}},
                 "ConditionExpression": "attribute_not_exists(orderId) OR contentHash = :contentHash",
                 "ExpressionAttributeValues": {":contentHash": {"S": "%s"}}}
                """;
        var stored = inProcess.invoke("arn:aws:states:::dynamodb:putItem", JSON.readTree(put.formatted("h1", "h1")), CONTEXT);
        assertThat(stored.at("/SdkHttpMetadata/HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(stored.at("/SdkResponseMetadata/RequestId").asText()).isNotBlank();
        var readOverHttp = http.invoke("arn:aws:states:::dynamodb:getItem",
                JSON.readTree("{\"TableName\": \"OrdersTable\", \"Key\": {\"orderId\": {\"S\": \"ORD-IP\"}}}"), CONTEXT);
        assertThat(readOverHttp.at("/Item/totalAmount/N").asText()).isEqualTo("10.5");

        for (var request : java.util.List.of(
                put.formatted("h2", "h2"), // a conflict
                "{\"TableName\": \"Nope\", \"Item\": {\"orderId\": {\"S\": \"x\"}}}", // no such table
                "{\"TableName\": \"OrdersTable\", \"Item\": {\"customerId\": {\"S\": \"x\"}}}", // no key
                "{\"TableName\": \"OrdersTable\", \"Item\": {\"orderId\": {\"S\": \"big\"}, \"blob\": {\"S\": \""
                        + "x".repeat(410 * 1024) + "\"}}}")) { // over DynamoDB's 400 KB item limit
            var overHttp = catchThrowableOfType(StatesError.class,
                    () -> http.invoke("arn:aws:states:::dynamodb:putItem", JSON.readTree(request), CONTEXT));
            var inJvm = catchThrowableOfType(StatesError.class,
                    () -> inProcess.invoke("arn:aws:states:::dynamodb:putItem", JSON.readTree(request), CONTEXT));
            assertThat(inJvm.error()).as(overHttp.cause()).isEqualTo(overHttp.error());
            assertThat(withoutRequestId(inJvm.cause())).isEqualTo(withoutRequestId(overHttp.cause()));
        }
    }

    private static String withoutRequestId(String cause) {
        return cause.replaceAll("Request ID: [^;]*;", "Request ID: …;");
    }

    @Test
    void aSendToAQueueThatDoesNotExistIsNamedAsStepFunctionsNamesAnSqsRejection() throws Exception {
        // ElasticMQ's real error response (JSON protocol, QueueDoesNotExist)
        var sqs = new SqsIntegration(emulators.clients().sqs());
        var send = JSON.createObjectNode().put("QueueUrl", dlqUrl.replace("OrdersDlq", "NoSuchQueue")).put("MessageBody", "{}");
        var error = catchThrowableOfType(StatesError.class, () -> sqs.invoke(SqsIntegration.SEND_MESSAGE, send, CONTEXT));
        assertThat(error.error()).isEqualTo("SQS.SdkClientException");
        assertThat(error.cause()).contains("does not exist");
    }

    @Test
    void sendMessageSerializesJsonBodiesAndKeepsAttributes() throws Exception {
        var sqs = new SqsIntegration(emulators.clients().sqs());
        var result = sqs.invoke(SqsIntegration.SEND_MESSAGE, JSON.readTree("""
                {"QueueUrl": "%s", "MessageBody": {"kind": "ORDER", "n": 1},
                 "MessageAttributes": {"reasonCode": {"DataType": "String", "StringValue": "TOTAL_MISMATCH"}}}
                """.formatted(dlqUrl)), CONTEXT);
        assertThat(result.get("MessageId").asText()).isNotBlank();
        assertThat(result.get("MD5OfMessageBody").asText()).hasSize(32);
        var received = emulators.clients().sqs().receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10)
                .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertThat(received).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("{\"kind\":\"ORDER\",\"n\":1}");
            assertThat(m.messageAttributes().get("reasonCode").stringValue()).isEqualTo("TOTAL_MISMATCH");
        });
        emulators.clients().sqs().purgeQueue(b -> b.queueUrl(dlqUrl));

        var missing = catchThrowableOfType(StatesError.class, () -> sqs.invoke(SqsIntegration.SEND_MESSAGE,
                JSON.readTree("{\"QueueUrl\": \"" + dlqUrl + "-nope\", \"MessageBody\": \"x\"}"), CONTEXT));
        assertThat(missing.error()).startsWith("SQS.");
    }

    @Test
    void theObjectStoreReadsPinnedVersionsAndWritesResults() throws Exception {
        var store = new S3ObjectStore(emulators.clients().s3());
        var s3 = emulators.clients().s3();
        var v1 = s3.putObject(b -> b.bucket("orders-bucket").key("incoming/x.json"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("[1]")).versionId();
        s3.putObject(b -> b.bucket("orders-bucket").key("incoming/x.json"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("[2]"));
        try (var in = store.open("orders-bucket", "incoming/x.json", v1)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("[1]");
        }
        store.put("orders-bucket", "map-results/manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("orders-bucket").key("map-results/manifest.json")).asUtf8String())
                .isEqualTo("{}");
        var missing = catchThrowableOfType(StatesError.class, () -> store.open("orders-bucket", "incoming/none.json", null));
        assertThat(missing.error()).isEqualTo("States.ItemReaderFailed");
    }

    @Test
    void writesAreBilledOnTheTableAndOnTheIndexTheItemReachesAndReadsByTheirSizeAndConsistency() throws Exception {
        var dynamo = new DynamoDbIntegration(emulators.clients().dynamoDb());
        var put = """
                {"TableName": "OrdersTable", "Item": {"orderId": {"S": "%s"}, "contentHash": {"S": "%s"}%s},
                 "ConditionExpression": "attribute_not_exists(orderId) OR contentHash = :contentHash",
                 "ExpressionAttributeValues": {":contentHash": {"S": "%s"}}}
                """;
        var indexed = ", \"customerId\": {\"S\": \"CUST-1\"}, \"orderDate\": {\"S\": \"2026-11-20\"},"
                + " \"note\": {\"S\": \"" + "x".repeat(5_000) + "\"}";
        dynamo.invoke("arn:aws:states:::dynamodb:putItem", JSON.readTree(put.formatted("IDX-1", "h1", indexed, "h1")), CONTEXT);
        assertThat(dynamo.writeUnits()).as("a 5 KB item").isEqualTo(5);
        assertThat(dynamo.indexWriteUnits()).as("projection ALL: the whole item again").isEqualTo(5);

        dynamo.invoke("arn:aws:states:::dynamodb:putItem", JSON.readTree(put.formatted("IDX-2", "h1", "", "h1")), CONTEXT);
        assertThat(dynamo.writeUnits()).isEqualTo(6);
        assertThat(dynamo.indexWriteUnits()).as("no customerId/orderDate: not in the index").isEqualTo(5);

        catchThrowableOfType(StatesError.class, () -> dynamo.invoke("arn:aws:states:::dynamodb:putItem",
                JSON.readTree(put.formatted("IDX-1", "h2", indexed, "h2")), CONTEXT));
        assertThat(dynamo.writeUnits()).as("a failed conditional put is billed").isEqualTo(11);
        assertThat(dynamo.indexWriteUnits()).as("and writes no index").isEqualTo(5);

        var get = "{\"TableName\": \"OrdersTable\", \"Key\": {\"orderId\": {\"S\": \"IDX-1\"}}%s}";
        dynamo.invoke("arn:aws:states:::dynamodb:getItem", JSON.readTree(get.formatted(", \"ConsistentRead\": true")), CONTEXT);
        assertThat(dynamo.readUnits()).as("5 KB, strongly consistent: 2 units of 4 KB").isEqualTo(2.0);
        dynamo.invoke("arn:aws:states:::dynamodb:getItem", JSON.readTree(get.formatted("")), CONTEXT);
        assertThat(dynamo.readUnits()).as("eventually consistent: half").isEqualTo(3.0);
    }
}
