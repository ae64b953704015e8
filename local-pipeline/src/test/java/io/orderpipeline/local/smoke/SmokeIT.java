package io.orderpipeline.local.smoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.local.PipelineTestSupport;
import io.orderpipeline.local.cli.ServeSession;
import io.orderpipeline.local.cli.SmokeCommandRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pipeline smoke --serve} against a running serve (the same machinery as {@code ./pipeline serve}, in this
 * JVM): the smoke uploads its files with a plain S3 client, serve starts their executions as S3, EventBridge and the
 * rule would, and every check passes; then a table item altered after the pipeline wrote it and a DLQ message whose
 * reasons were taken away make the smoke fail, naming both. Either way nothing of a run is left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmokeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path work;
    private ServeSession serve;

    @BeforeAll
    void serve() throws Exception {
        work = Files.createTempDirectory("smoke-it");
        serve = ServeSession.start(work, PipelineTestSupport.options());
    }

    @AfterAll
    void stop() {
        serve.close();
    }

    @Test
    void everyCheckPassesAgainstServeAndTheRunLeavesNothingBehind() {
        var run = SmokeCommandRunner.run(work, "smoke", "--serve", "--timeout", "120");
        System.out.println(run.out() + run.err());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        var lines = run.out().lines().filter(l -> l.matches("^(PASS|FAIL|SKIP) .*")).toList();
        assertThat(lines).as(run.out()).noneMatch(l -> l.startsWith("FAIL"));
        // one execution, report, DLQ check per file (six files), a table check per file holding orders (five)
        assertThat(lines.stream().filter(l -> l.matches("PASS\\s+execution .*"))).hasSize(6);
        assertThat(lines.stream().filter(l -> l.matches("PASS\\s+report .*"))).hasSize(6);
        assertThat(lines.stream().filter(l -> l.matches("PASS\\s+table .*"))).hasSize(5);
        assertThat(lines.stream().filter(l -> l.matches("PASS\\s+dlq .*"))).hasSize(6);
        assertThat(run.out())
                .containsPattern("PASS\\s+execution\\s+unreadable.json\\s+FAILED with OrderFile\\.")
                .containsPattern("PASS\\s+report\\s+orders.csv\\s+CONSERVED: read 3 = stored 2 \\+ parked 1 \\{MISSING_FIELD=1}")
                .containsPattern("PASS\\s+dlq\\s+oversize.jsonl\\s+O2 RECORD_TOO_LARGE \\(claim check dlq-payloads/")
                .containsPattern("PASS\\s+execution\\s+special key\\s+SUCCEEDED.*key in the event as uploaded")
                .containsPattern("PASS\\s+cleanup\\s+removed 5 DLQ messages \\(1 with a claim-check body\\), 6 uploaded files")
                .containsPattern("SKIP\\s+alarms\\s+serve has no CloudWatch")
                .containsPattern("SKIP\\s+reconciliation alarm\\s+serve has no CloudWatch")
                .containsPattern("smoke \\S+: 26 passed, 0 failed, 2 skipped");
        assertThat(run.err()).contains("executions: 6 of 6 started, 6 ended");
        assertNothingLeftOf(runId(run.out()));
    }

    @Test
    void anItemAlteredAfterItWasWrittenAndAParkedOrderWithoutItsReasonFailTheSmoke() {
        var out = new ByteArrayOutputStream();
        var calls = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
        var options = Smoke.Options.defaults().withTimeout(Duration.ofSeconds(120)).withBeforeChecks(this::breakThings)
                .withCalls(new IamActions(calls));

        var result = Smoke.serve(work, options, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream()));

        var report = out.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertThat(result.passed()).as(report).isFalse();
        var failed = result.checks().all().stream().filter(c -> c.status() == Checks.Status.FAIL).toList();
        assertThat(failed).as(report).extracting(Checks.Check::name)
                .containsExactlyInAnyOrder("table      orders.json", "dlq        orders.json");
        assertThat(failed).as(report).anySatisfy(c -> assertThat(c.detail())
                .contains(result.runId() + "-J1: totalAmount is {\"N\":\"99.99\"}, the file's order has {\"N\":\"14.45\"}"));
        assertThat(failed).as(report).anySatisfy(c -> assertThat(c.detail())
                .contains(result.runId() + "-J3: its message has no reason"));
        assertThat(report).containsPattern("PASS\\s+cleanup");
        assertSomeoneElsesMessageIsThereAndVisible();
        assertNothingLeftOf(result.runId());
        // the smoke's IAM grants (deploy/: the CodePipeline smoke role, the GitHub dev role) are the calls it makes;
        // only a stack's outputs, resources and alarms (CloudFormation, CloudWatch) are not called against serve
        var granted = smokeRoleActions();
        assertThat(calls).as("calls the smoke makes that pipeline-calls.yaml does not grant the smoke role")
                .isSubsetOf(granted);
        assertThat(granted.stream().filter(a -> !a.startsWith("cloudformation:") && !a.startsWith("cloudwatch:")))
                .as("grants of the smoke role that the smoke never uses").containsExactlyInAnyOrderElementsOf(calls);
    }

    /** The actions infra-tests' pipeline-calls.yaml declares for the smoke role, less its build log and source artifact. */
    private static java.util.Set<String> smokeRoleActions() {
        try {
            var yaml = Files.readString(io.orderpipeline.local.template.ProjectFiles.home()
                    .resolve("infra-tests/src/test/resources/iam/pipeline-calls.yaml"));
            var role = yaml.substring(yaml.indexOf("  SmokeRole:"), yaml.indexOf("  PipelineRole:"));
            var actions = new java.util.TreeSet<String>();
            var matcher = java.util.regex.Pattern.compile("\\{action: (\\S+), arn: \"([^\"]*)\"").matcher(role);
            while (matcher.find()) {
                if (!matcher.group(2).contains("ArtifactBucket") && !matcher.group(1).startsWith("logs:")
                        && !matcher.group(1).startsWith("kms:")) {
                    actions.add(matcher.group(1));
                }
            }
            return actions;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Records the IAM action of each AWS call (a batch call needs its single action's permission). */
    private record IamActions(java.util.Set<String> actions) implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            var request = context.request();
            var service = request.getClass().getPackageName().replace("software.amazon.awssdk.services.", "")
                    .replace(".model", "").replace("sfn", "states");
            var operation = attributes.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME)
                    .replaceFirst("Batch$", "");
            if (request instanceof software.amazon.awssdk.services.s3.model.DeleteObjectRequest delete && delete.versionId() != null) {
                operation = "DeleteObjectVersion";
            }
            if (operation.equals("ListObjectVersions")) {
                operation = "ListBucketVersions";
            }
            actions.add(service + ":" + operation);
        }
    }

    @Test
    void withoutARunningServeTheSmokeFailsSayingSo() throws Exception {
        var run = SmokeCommandRunner.run(Files.createTempDirectory("no-serve"), "smoke", "--serve");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+target\\s+no running ./pipeline serve found");
    }

    /** After the executions: J1's item gets another total; J3's DLQ message is replaced by one without reasons. */
    private void breakThings(Smoke.Run run) {
        var clients = serve.pipeline().environment().clients();
        var j1 = "SMOKE-" + run.runId() + "-J1";
        clients.dynamoDb().updateItem(b -> b.tableName(run.outputs().get("OrdersTableName"))
                .key(Map.of("orderId", AttributeValue.fromS(j1)))
                .updateExpression("SET totalAmount = :altered")
                .expressionAttributeValues(Map.of(":altered", AttributeValue.fromN("99.99"))));
        var dlq = run.outputs().get("OrdersDlqUrl");
        var j3 = "SMOKE-" + run.runId() + "-J3";
        var others = new ArrayList<String>();
        var replaced = false;
        while (!replaced) {
            var messages = clients.sqs().receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10).visibilityTimeout(30)
                    .messageAttributeNames("All")).messages();
            assertThat(messages).as("J3's message is in the DLQ").isNotEmpty();
            for (var message : messages) {
                var body = parse(message.body());
                if (!replaced && body != null && j3.equals(body.path("orderId").asText())) {
                    body.putArray("reasons");
                    Map<String, MessageAttributeValue> attributes = message.messageAttributes();
                    clients.sqs().sendMessage(b -> b.queueUrl(dlq).messageBody(body.toString()).messageAttributes(attributes));
                    clients.sqs().deleteMessage(b -> b.queueUrl(dlq).receiptHandle(message.receiptHandle()));
                    replaced = true;
                } else {
                    others.add(message.receiptHandle());
                }
            }
        }
        others.forEach(receipt -> clients.sqs().changeMessageVisibility(b -> b.queueUrl(dlq).receiptHandle(receipt)
                .visibilityTimeout(0)));
        // someone else's parked order shares the DLQ: the smoke must leave it there, visible
        clients.sqs().sendMessage(b -> b.queueUrl(dlq).messageBody("{\"kind\":\"ORDER\",\"orderId\":\"ORD-NOT-THE-SMOKES\"}")
                .messageAttributes(Map.of("sourceKey", MessageAttributeValue.builder().dataType("String")
                        .stringValue(SOMEONE_ELSES).build())));
    }

    private static final String SOMEONE_ELSES = "incoming/someone-else/orders.json";

    /** Someone else's message is still in the DLQ and visible at once (released, not left invisible); then removed. */
    private void assertSomeoneElsesMessageIsThereAndVisible() {
        var sqs = serve.pipeline().environment().clients().sqs();
        var messages = sqs.receiveMessage(b -> b.queueUrl(serve.pipeline().dlqUrl()).maxNumberOfMessages(10)
                .messageAttributeNames("All")).messages();
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.messageAttributes().get("sourceKey").stringValue()).isEqualTo(SOMEONE_ELSES);
            sqs.deleteMessage(b -> b.queueUrl(serve.pipeline().dlqUrl()).receiptHandle(m.receiptHandle()));
        });
    }

    /** No object under the run's prefix or of its executions, no item of its customer, no DLQ message of its files. */
    private void assertNothingLeftOf(String runId) {
        var clients = serve.pipeline().environment().clients();
        var bucket = serve.pipeline().bucket();
        var prefix = "incoming/smoke-" + runId + "/";
        var versions = clients.s3().listObjectVersions(b -> b.bucket(bucket).prefix(prefix));
        assertThat(versions.versions()).isEmpty();
        assertThat(versions.deleteMarkers()).isEmpty();
        var executions = serve.executions().newestFirst().stream()
                .filter(e -> e.input().contains("smoke-" + runId)).toList();
        assertThat(executions).hasSize(6);
        for (var execution : executions) {
            var results = clients.s3().listObjectVersions(b -> b.bucket(bucket).prefix("map-results/" + execution.name() + "/"));
            assertThat(results.versions()).as(execution.name()).isEmpty();
        }
        var bodies = clients.s3().listObjectVersions(b -> b.bucket(bucket).prefix("dlq-payloads/"));
        assertThat(bodies.versions()).as("claim-check bodies").isEmpty();
        var items = clients.dynamoDb().scan(b -> b.tableName(serve.pipeline().tableName())
                .filterExpression("customerId = :c").expressionAttributeValues(Map.of(":c", AttributeValue.fromS("SMOKE-" + runId))));
        assertThat(items.items()).isEmpty();
        var left = new ArrayList<String>();
        List<software.amazon.awssdk.services.sqs.model.Message> messages;
        do {
            messages = clients.sqs().receiveMessage(b -> b.queueUrl(serve.pipeline().dlqUrl()).maxNumberOfMessages(10)
                    .visibilityTimeout(1).messageAttributeNames("All")).messages();
            messages.stream().map(m -> m.messageAttributes().get("sourceKey"))
                    .filter(k -> k != null && k.stringValue().startsWith(prefix)).forEach(k -> left.add(k.stringValue()));
        } while (!messages.isEmpty() && left.isEmpty());
        assertThat(left).as("DLQ messages of the run").isEmpty();
    }

    private static String runId(String out) {
        var matcher = java.util.regex.Pattern.compile("smoke (\\S+) against").matcher(out);
        assertThat(matcher.find()).as(out).isTrue();
        return matcher.group(1);
    }

    /** A DLQ body sent inline, or null (a claim check's pointer is an array). */
    private static com.fasterxml.jackson.databind.node.ObjectNode parse(String body) {
        try {
            return JSON.readTree(body) instanceof com.fasterxml.jackson.databind.node.ObjectNode object ? object : null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
