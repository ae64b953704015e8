package io.orderpipeline.local.cli;

import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.local.LocalPipeline;
import io.orderpipeline.local.OrderFiles;
import io.orderpipeline.local.OrderFiles.Format;
import io.orderpipeline.local.PipelineTestSupport;
import io.orderpipeline.local.emulator.EndpointsFile;
import io.orderpipeline.local.emulator.LocalEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Incidents rehearsed against {@code serve} as a user would (docs/local-pipeline.md, "Rehearsing incidents"): the
 * {@code ./pipeline} commands against a running serve, and an AWS SDK client built from the environment block serve
 * prints, with credentials and a region other than the pipeline's. Each test has a serve of its own (they delete
 * tables, queues and buckets).
 */
class ServeIncidentsIT {
    @TempDir
    Path work;
    private Rehearsal rehearsal;

    @BeforeEach
    void serve() throws Exception {
        rehearsal = new Rehearsal(work);
    }

    @AfterEach
    void stop() {
        rehearsal.close();
    }

    @Test
    void anyCredentialsAndRegionSeeWhatThePipelineSees() {
        var r = rehearsal;
        assertThat(r.environment).containsKeys("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_S3",
                "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        var upload = r.cli("upload", r.file("creds.json", OrderFiles.render(OrderFiles.orders("CREDS", 3, 1), Format.JSON)).toString());
        assertThat(upload.exit()).as(upload.toString()).isZero();

        assertThat(r.banner).contains("aws sqs receive-message --endpoint-url $AWS_ENDPOINT_URL_SQS");

        // DynamoDB Local with -sharedDb: one database whatever the access key and region
        assertThat(r.dynamoDb.listTables().tableNames()).contains(r.tableName());
        assertThat(r.tableCount()).isEqualTo(3);
        r.dynamoDb.putItem(b -> b.tableName(r.tableName()).item(Map.of("orderId", AttributeValue.fromS("ORD-BY-THE-USER"))));
        assertThat(r.cli("table", "--count").out()).contains("4 items in OrdersTable");

        // ElasticMQ: the same queues, under the same URLs, whatever the caller's region
        assertThat(r.sqs.getQueueUrl(b -> b.queueName("OrdersDlq")).queueUrl()).isEqualTo(r.dlqUrl());
        assertThat(r.sqs.listQueues().queueUrls()).contains(r.dlqUrl());
        assertThat(r.dlqVisibleAndInFlight()[0]).isEqualTo(1);

        // S3Proxy without authentication: any signature and region; path-style chosen by the SDK for an IP endpoint
        var versions = r.s3.listObjectVersions(b -> b.bucket(r.bucket()).prefix("incoming/")).versions();
        assertThat(versions).extracting(v -> v.key()).containsExactly("incoming/creds.json");
        r.s3.putObject(b -> b.bucket(r.bucket()).key("notes/by-the-user.txt"), RequestBody.fromString("hello"));
        assertThat(r.serve.pipeline().environment().clients().s3()
                .getObjectAsBytes(b -> b.bucket(r.bucket()).key("notes/by-the-user.txt")).asUtf8String()).isEqualTo("hello");
    }

    @Test
    void aDeletedTableStaysDeletedEveryRunIsReportedAndTheRedriveRecoversOnceItIsBack() {
        var r = rehearsal;
        r.dynamoDb.deleteTable(b -> b.tableName(r.tableName()));

        var count = r.cli("table", "--count");
        assertThat(count.exit()).as(count.toString()).isEqualTo(LocalPipelineCli.MISSING_RESOURCE);
        assertThat(count.err()).contains("the table OrdersTable does not exist").contains("ResourceNotFoundException");
        assertThat(r.dynamoDb.listTables().tableNames()).as("inspecting re-created nothing").doesNotContain(r.tableName());

        var file = r.file("outage.jsonl", OrderFiles.render(OrderFiles.orders("TBL", 6, 2), Format.JSONL));
        var upload = r.cli("upload", "--prefix", "incoming/table-outage/", file.toString());

        // the pipeline parked every valid order (DynamoDB.ResourceNotFoundException is caught, not retried): all accounted
        assertThat(upload.exit()).as(upload.toString()).isZero();
        assertThat(upload.out()).contains("incoming/table-outage/outage.jsonl").contains("SUCCEEDED")
                .containsPattern("Orders read\\s+8")
                .containsPattern("Valid, in table\\s+0  \\(the table could not be read\\)")
                .containsPattern("In the DLQ\\s+8  \\(PROCESSING_ERROR 6, TOTAL_MISMATCH 2\\)")
                .contains("orders table: the table OrdersTable does not exist")
                .contains("Conservation      OK");
        assertThat(r.dynamoDb.listTables().tableNames()).as("uploading re-created nothing").doesNotContain(r.tableName());
        assertThat(r.cli("dlq", "--limit", "20").out())
                .contains("The DynamoDB write failed after its retries: DynamoDB.ResourceNotFoundException");

        // the redrive cannot store them either: it says so with its exit code and the count
        var failed = r.cli("redrive", "--source-prefix", "incoming/table-outage/");
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(LocalPipelineCli.ERROR);
        assertThat(failed.err()).contains("6 message(s) could not be handled and stay in the DLQ");

        r.recreateTable();
        var redrive = r.cli("redrive", "--source-prefix", "incoming/table-outage/");

        assertThat(redrive.exit()).as(redrive.toString()).isZero();
        assertThat(redrive.out()).contains("\"redriven\":6").contains("\"errors\":0");
        assertThat(r.tableCount()).isEqualTo(6);
    }

    @Test
    void aDlqDeletedMidRunFailsTheExecutionTheSummaryCountsTheUnaccountedAndAReuploadRecoversThem() throws Exception {
        var r = rehearsal;
        var orders = OrderFiles.orders("DLQGONE", 6, 3);
        var key = "incoming/dlq-outage/orders.jsonl";
        var deleted = new AtomicBoolean();
        // the queue disappears once the file is read and its batch starts (an operator's delete-queue, mid-run)
        var deleteTheDlq = new ExecutionListener() {
            @Override
            public void childExecutionStarted(String mapRunArn, String childExecutionArn, int itemCount) {
                if (deleted.compareAndSet(false, true)) {
                    r.sqs.deleteQueue(b -> b.queueUrl(r.dlqUrl()));
                }
            }
        };
        var served = EndpointsFile.readLive(r.serve.endpointsFile()).orElseThrow();
        String printed;
        try (var environment = LocalEnvironment.connect(served);
             var pipeline = LocalPipeline.create(environment, PipelineTestSupport.options().withListener(deleteTheDlq))) {
            var outcome = pipeline.upload(OrderFiles.render(orders, Format.JSONL), key);

            assertThat(outcome.result().status()).isEqualTo(ExecutionStatus.FAILED);
            // as Step Functions names a rejection by SQS (local-pipeline ServiceErrors); the cause is SQS's message
            assertThat(outcome.result().error()).isEqualTo("SQS.SdkClientException");
            assertThat(outcome.result().cause()).contains("does not exist");
            var summary = pipeline.summary(List.of(outcome), Duration.ofSeconds(1));
            assertThat(summary.conserved()).isFalse();
            assertThat(summary.unaccounted()).as("the invalid orders: they could not be parked").isEqualTo(3);
            var out = new ByteArrayOutputStream();
            summary.print(new PrintStream(out, true, StandardCharsets.UTF_8));
            printed = out.toString(StandardCharsets.UTF_8);
        }
        assertThat(printed).contains(key).contains("FAILED")
                .contains(key + ": SQS.SdkClientException")
                .contains("DLQ: the queue " + r.dlqUrl() + " does not exist")
                .contains("Conservation      FAILED: 3 orders unaccounted for")
                .contains(key + ": read 9, table 6, DLQ 0 -> 3 unaccounted for");
        assertThatThrownBy(() -> r.sqs.getQueueUrl(b -> b.queueName("OrdersDlq"))).as("nothing re-created it")
                .isInstanceOf(QueueDoesNotExistException.class);
        var dlq = r.cli("dlq");
        assertThat(dlq.exit()).isEqualTo(LocalPipelineCli.MISSING_RESOURCE);
        assertThat(dlq.err()).contains("the queue " + r.dlqUrl() + " does not exist");

        assertThat(r.recreateDlq()).isEqualTo(r.dlqUrl());
        var again = r.cli("upload", "--prefix", "incoming/dlq-outage/", r.file("orders.jsonl", OrderFiles.render(orders, Format.JSONL)).toString());

        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).containsPattern("Orders read\\s+9").containsPattern("Valid, in table\\s+6")
                .containsPattern("In the DLQ\\s+3  \\(TOTAL_MISMATCH 3\\)").contains("Conservation      OK");
        assertThat(r.tableCount()).isEqualTo(6);
        assertThat(r.dlqVisibleAndInFlight()[0]).isEqualTo(3);
    }

    @Test
    void aSecondDlqConsumerHoldingMessagesIsReportedNotHidden() {
        var r = rehearsal;
        var upload = r.cli("upload", r.file("bad.json", OrderFiles.render(OrderFiles.orders("HELD", 0, 12), Format.JSON)).toString());
        assertThat(upload.exit()).as(upload.toString()).isZero();

        // another consumer (an operator's aws sqs receive-message) holds ten of them for five minutes
        var held = r.sqs.receiveMessage(b -> b.queueUrl(r.dlqUrl()).maxNumberOfMessages(10).visibilityTimeout(300)).messages();
        assertThat(held).hasSize(10);
        try {
            var dlq = r.cli("dlq");
            assertThat(dlq.exit()).isZero();
            assertThat(dlq.out()).contains("2 messages in the DLQ").contains("10 more in flight");

            var redrive = r.cli("redrive", "--dry-run");
            assertThat(redrive.exit()).as(redrive.toString()).isZero();
            assertThat(redrive.out()).contains("\"received\":2");
            assertThat(redrive.err()).contains("10 DLQ messages are in flight").contains("(360 s)");

            var another = r.cli("upload", r.file("more.json", OrderFiles.render(OrderFiles.orders("MORE", 1, 1), Format.JSON)).toString());
            assertThat(another.exit()).as(another.toString()).isZero();
            assertThat(another.out()).contains("note: 10 DLQ messages were in flight (received by another consumer)");
        } finally {
            held.forEach(m -> r.sqs.changeMessageVisibility(b -> b.queueUrl(r.dlqUrl()).receiptHandle(m.receiptHandle())
                    .visibilityTimeout(0)));
        }
        assertThat(r.cli("dlq").out()).contains("13 messages in the DLQ").doesNotContain("in flight");
    }

    @Test
    void aDeletedBucketRefusesTheUploadWhichIsReportedAndNotRecreated() {
        var r = rehearsal;
        r.s3.deleteBucket(b -> b.bucket(r.bucket()));

        var upload = r.cli("upload", r.file("nobucket.csv", OrderFiles.render(OrderFiles.orders("NOBUCKET", 2, 0), Format.CSV)).toString());

        assertThat(upload.exit()).as(upload.toString()).isEqualTo(LocalPipelineCli.MISSING_RESOURCE);
        assertThat(upload.out()).contains("incoming/nobucket.csv").contains("NOT STORED")
                .contains("not stored in S3, nothing processed: the bucket orders-bucket does not exist (NoSuchBucket")
                .contains("Conservation      OK");
        assertThatThrownBy(() -> r.s3.headBucket(b -> b.bucket(r.bucket()))).as("nothing re-created it")
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(r.dlqVisibleAndInFlight()[0]).isZero();
        assertThat(r.sqs.getQueueAttributes(b -> b.queueUrl(r.dlqUrl()).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes()).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "360");
    }
}
