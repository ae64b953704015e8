package io.orderpipeline.local.emulator;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

import static org.assertj.core.api.Assertions.assertThat;

class EmulatorsIT {

    @Test
    void allThreeEmulatorsAnswerOnLoopbackAndS3KeepsVersions() {
        try (var emulators = Emulators.start()) {
            var clients = emulators.clients();
            assertThat(emulators.endpoints().s3().getHost()).isEqualTo("127.0.0.1");

            clients.dynamoDb().createTable(b -> b.tableName("tbl")
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            assertThat(clients.dynamoDb().listTables().tableNames()).containsExactly("tbl");

            var url = clients.sqs().createQueue(b -> b.queueName("q")).queueUrl();
            clients.sqs().sendMessage(b -> b.queueUrl(url).messageBody("hello"));
            assertThat(clients.sqs().receiveMessage(b -> b.queueUrl(url)).messages()).hasSize(1);

            clients.s3().createBucket(b -> b.bucket("orders-bucket"));
            clients.s3().putBucketVersioning(b -> b.bucket("orders-bucket")
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            var first = clients.s3().putObject(b -> b.bucket("orders-bucket").key("k"), RequestBody.fromString("one"));
            var second = clients.s3().putObject(b -> b.bucket("orders-bucket").key("k"), RequestBody.fromString("two"));
            assertThat(first.versionId()).isNotBlank().isNotEqualTo(second.versionId());
            var old = clients.s3().getObjectAsBytes(b -> b.bucket("orders-bucket").key("k").versionId(first.versionId()));
            assertThat(old.asUtf8String()).isEqualTo("one");
        }
    }
}
