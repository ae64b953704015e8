package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.model.wire.IdempotentWrite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed artifact works on its own. The shaded {@code -lambda.jar} (minimized, see docs/performance.md §3) runs
 * in a fresh JVM whose class path is that jar plus a launcher ({@link ShadedJarMain}), not the module's class path. The
 * launcher runs the SnapStart priming hook, then invokes the handler twice against {@link AwsJsonStub}: a dry run
 * (receive, triage, consistent reads, a claim-check body read from S3, messages made visible again), then a real pass
 * (receive, triage, conditional puts, one failing its condition and one rejected by the service, sends to the DLQ and
 * the parking queue, a large copy offloaded to S3 by the Extended Client, deletes, the claim-check body deleted after
 * its message, the rejected message made visible again). Besides the summaries it checks what only the jar's service files, Log4j
 * plugins and resources make work: Powertools' JSON log lines, the EMF metrics document, and the X-Ray subsegments
 * sent to the daemon address.
 */
class ShadedJarRedriveIT {

    private static final String DLQ_PATH = "/000000000000/OrdersDlq";
    private static final String PARKING_PATH = "/000000000000/OrdersParkingQueue";
    private static final String TRACE_ID = "1-67a0b1c2-0123456789abcdef01234567";

    private static AwsJsonStub stub;
    private static DatagramSocket xrayDaemon;
    private static final List<String> segments = new CopyOnWriteArrayList<>();
    private static JsonNode dryRun;
    private static JsonNode response;
    private static List<String> stdout;
    private static String stderr;

    /** A record parked by the reconciler with the claim check: its body is in S3 under this key. */
    private static final String PARKED_KEY = Dlq.PAYLOADS + "parked-large";
    private static final String LARGE_BODY =
            Dlq.body(Dlq.largeRecord("ORD-6", 6_000), ReasonCode.RECORD_TOO_LARGE, "rid-large", 9);

    @BeforeAll
    static void runTheJarInAFreshJvm(@TempDir Path work) throws Exception {
        Map<String, AwsJsonStub.MessageAttribute> claimCheck = new LinkedHashMap<>();
        claimCheck.put("reasonCode", new AwsJsonStub.MessageAttribute("String", "RECORD_TOO_LARGE"));
        claimCheck.put("sourceKey", new AwsJsonStub.MessageAttribute("String", Dlq.SOURCE.key()));
        claimCheck.put("recordId", new AwsJsonStub.MessageAttribute("String", "rid-large"));
        claimCheck.put("ExtendedPayloadSize", new AwsJsonStub.MessageAttribute("Number",
                Integer.toString(LARGE_BODY.getBytes(StandardCharsets.UTF_8).length)));
        stub = new AwsJsonStub(List.of(
                queued("m-valid", Dlq.body(Dlq.validRecord("ORD-1"), ReasonCode.INVALID_SKU), 0),
                queued("m-invalid", Dlq.body(Dlq.mismatchedRecord("ORD-2"), ReasonCode.TOTAL_MISMATCH), 1),
                queued("m-last-try", Dlq.body(Dlq.mismatchedRecord("ORD-3"), ReasonCode.TOTAL_MISMATCH), 4),
                queued("m-conflict", Dlq.body(Dlq.validRecord("ORD-4"), ReasonCode.PROCESSING_ERROR), 0),
                queued("m-rejected", Dlq.body(Dlq.validRecord("ORD-5"), ReasonCode.PROCESSING_ERROR), 0),
                new AwsJsonStub.Queued("m-large", "[\"software.amazon.payloadoffloading.PayloadS3Pointer\","
                        + "{\"s3BucketName\":\"" + Dlq.BUCKET + "\",\"s3Key\":\"" + PARKED_KEY + "\"}]", claimCheck)),
                Set.of("ORD-4"), Set.of("ORD-5"), Dlq.BUCKET, Map.of(PARKED_KEY, LARGE_BODY));
        xrayDaemon = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(ShadedJarRedriveIT::collectSegments);

        Path dryRunEvent = Files.writeString(work.resolve("dry-run.json"), "{\"maxMessages\":10,\"dryRun\":true}");
        Path event = Files.writeString(work.resolve("redrive.json"), "{\"maxMessages\":10}");
        Path out = work.resolve("stdout.log");
        Path err = work.resolve("stderr.log");
        String classPath = launcherDir(work.resolve("launcher")) + File.pathSeparator
                + LambdaJarIT.lambdaJar().toAbsolutePath();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, ShadedJarMain.class.getName(), dryRunEvent.toString(), event.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("POWERTOOLS_")
                || name.startsWith("_X_AMZN") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(lambdaEnvironment(work));
        Process process = builder.start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the redrive JVM finished").isTrue();
        stdout = Files.readAllLines(out);
        stderr = Files.readString(err);
        assertThat(process.exitValue()).as("exit status; stderr:%n%s", stderr).isZero();
        dryRun = Json.read(Files.readString(work.resolve("dry-run.json.response")));
        response = Json.read(Files.readString(work.resolve("redrive.json.response")));
    }

    @AfterAll
    static void stop() {
        if (stub != null) {
            stub.close();
        }
        if (xrayDaemon != null) {
            xrayDaemon.close();
        }
    }

    private static AwsJsonStub.Queued queued(String id, String body, int attempts) {
        Map<String, AwsJsonStub.MessageAttribute> attributes = new LinkedHashMap<>();
        attributes.put("reasonCode", new AwsJsonStub.MessageAttribute("String",
                DlqMessages.parse(body).primaryReason().name()));
        attributes.put("sourceKey", new AwsJsonStub.MessageAttribute("String", Dlq.SOURCE.key()));
        if (attempts > 0) {
            attributes.put("redriveAttempts", new AwsJsonStub.MessageAttribute("Number", Integer.toString(attempts)));
            attributes.put("lineageId", new AwsJsonStub.MessageAttribute("String", "lineage-" + id));
        }
        return new AwsJsonStub.Queued(id, body, attributes);
    }

    /**
     * The function's environment as in Lambda with SnapStart: the template's variables, credentials from the
     * container endpoint (no keys in the environment, so the SDK's default chain is used as in AWS), and the SDK's own
     * global endpoint setting pointing both clients at the stub (not the function's emulator overrides, which would
     * switch it to static keys).
     */
    private static Map<String, String> lambdaEnvironment(Path work) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", "RedriveFunction");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        // what Lambda sets where the priming hook runs: a SnapStart version (Powertools then reports no cold start)
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        env.put("LAMBDA_TASK_ROOT", work.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", stub.credentialsUri());
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", AwsJsonStub.CREDENTIALS_TOKEN);
        env.put("AWS_ENDPOINT_URL", stub.endpoint());
        // no profile of this machine may supply keys first, and no instance metadata probe
        env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString());
        env.put("AWS_CONFIG_FILE", work.resolve("no-config").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("_X_AMZN_TRACE_ID", "Root=" + TRACE_ID + ";Parent=53995c3f42cd8ad8;Sampled=1");
        env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + xrayDaemon.getLocalPort());
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        env.put("POWERTOOLS_SERVICE_NAME", "dlq-redrive");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "OrderPipelineIT");
        env.put("POWERTOOLS_LOG_LEVEL", "INFO");
        env.put("ORDERS_TABLE_NAME", Dlq.TABLE);
        env.put("DLQ_URL", stub.endpoint() + DLQ_PATH);
        env.put("PARKING_QUEUE_URL", stub.endpoint() + PARKING_PATH);
        env.put("REDRIVE_MAX_ATTEMPTS", "5");
        // Lambda's time zone (TZ=:UTC): the jar keeps Joda-Time's UTC zone data only
        env.put("TZ", ":UTC");
        env.put("ORDERS_BUCKET_NAME", Dlq.BUCKET);
        env.put("CLAIM_CHECK_PREFIX", Dlq.PAYLOADS);
        return env;
    }

    /** A directory holding only the launcher's classes: the child JVM must not see this module's class path. */
    private static Path launcherDir(Path dir) throws IOException, URISyntaxException {
        Path compiled = Path.of(ShadedJarMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packagePath = ShadedJarMain.class.getPackageName().replace('.', '/');
        Path target = Files.createDirectories(dir.resolve(packagePath));
        try (Stream<Path> classes = Files.list(compiled.resolve(packagePath))) {
            String prefix = ShadedJarMain.class.getSimpleName();
            for (Path c : classes.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                Files.copy(c, target.resolve(c.getFileName()));
            }
        }
        return dir;
    }

    /** Until the socket is closed. */
    private static void collectSegments() {
        byte[] buffer = new byte[65_536];
        while (!xrayDaemon.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                xrayDaemon.receive(packet);
                segments.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static List<JsonNode> entries(JsonNode batchRequest) {
        return batchRequest.path("Entries").valueStream().toList();
    }

    private static List<JsonNode> jsonLines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout) {
            if (line.startsWith("{")) {
                lines.add(Json.read(line));
            }
        }
        return lines;
    }

    @Test
    void theDryRunReadsTheTableAndChangesNothing() {
        assertThat(dryRun.path("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.path("received").asInt()).isEqualTo(6);
        assertThat(dryRun.path("redriven").asInt()).isEqualTo(2);
        assertThat(dryRun.path("conflicts").asInt()).isEqualTo(1);
        assertThat(dryRun.path("parked").asInt()).isEqualTo(1);
        assertThat(dryRun.at("/stillInvalid/total").asInt()).isEqualTo(2);
        assertThat(dryRun.at("/stillInvalid/byReason/TOO_MANY_ITEMS").asInt()).isEqualTo(1);
        assertThat(stub.requests("GetItem")).extracting(g -> g.at("/Key/orderId/S").asText())
                .containsExactlyInAnyOrder("ORD-1", "ORD-4", "ORD-5");
        assertThat(stub.requests("GetItem")).allSatisfy(g -> assertThat(g.path("ConsistentRead").asBoolean()).isTrue());
    }

    @Test
    void theSummaryAccountsForEveryMessage() {
        assertThat(response.path("received").asInt()).isEqualTo(6);
        assertThat(response.path("redriven").asInt()).isEqualTo(1);
        assertThat(response.at("/stillInvalid/total").asInt()).isEqualTo(2);
        assertThat(response.at("/stillInvalid/byReason/TOO_MANY_ITEMS").asInt()).isEqualTo(1);
        assertThat(response.at("/stillInvalid/byReason/TOTAL_MISMATCH").asInt()).isEqualTo(1);
        assertThat(response.path("parked").asInt()).isEqualTo(1);
        assertThat(response.path("conflicts").asInt()).isEqualTo(1);
        assertThat(response.path("errors").asInt()).isEqualTo(1);
        assertThat(response.path("dryRun").asBoolean()).isFalse();
    }

    @Test
    void everyCallIsSignedWithTheContainerCredentials() {
        assertThat(stub.authorizations()).isNotEmpty().allSatisfy(a -> assertThat(a)
                .startsWith("AWS4-HMAC-SHA256 Credential=" + AwsJsonStub.ACCESS_KEY_ID + "/"));
    }

    @Test
    void theWritesSendsAndDeletesWentOverTheWire() {
        List<JsonNode> puts = stub.requests("PutItem");
        assertThat(puts).extracting(p -> p.at("/Item/orderId/S").asText())
                .containsExactlyInAnyOrder("ORD-1", "ORD-4", "ORD-5");
        assertThat(puts).allSatisfy(p -> {
            assertThat(p.path("TableName").asText()).isEqualTo(Dlq.TABLE);
            assertThat(p.path("ConditionExpression").asText()).isEqualTo(IdempotentWrite.CONDITION_EXPRESSION);
        });

        List<JsonNode> sends = stub.requests("SendMessageBatch");
        assertThat(sends).filteredOn(s -> s.path("QueueUrl").asText().endsWith(DLQ_PATH))
                .flatExtracting(ShadedJarRedriveIT::entries)
                .extracting(e -> e.at("/MessageAttributes/reasonCode/StringValue").asText())
                .containsExactlyInAnyOrder("TOTAL_MISMATCH", "DUPLICATE_ORDER_CONFLICT", "TOO_MANY_ITEMS");
        assertThat(sends).filteredOn(s -> s.path("QueueUrl").asText().endsWith(PARKING_PATH))
                .flatExtracting(ShadedJarRedriveIT::entries)
                .extracting(e -> e.at("/MessageAttributes/lineageId/StringValue").asText())
                .containsExactly("lineage-m-last-try");

        assertThat(stub.requests("DeleteMessageBatch"))
                .flatExtracting(ShadedJarRedriveIT::entries)
                .extracting(e -> e.path("ReceiptHandle").asText())
                .containsExactlyInAnyOrder("receipt-m-valid", "receipt-m-invalid", "receipt-m-last-try",
                        "receipt-m-conflict", "receipt-m-large");
        assertThat(stub.requests("ChangeMessageVisibilityBatch"))
                .flatExtracting(ShadedJarRedriveIT::entries)
                .extracting(e -> e.path("ReceiptHandle").asText())
                .contains("receipt-m-rejected");
    }

    @Test
    void aClaimCheckIsReadFromS3AndItsCopyOffloadedWithABodyOfItsOwn() {
        JsonNode copy = stub.requests("SendMessageBatch").stream().flatMap(s -> entries(s).stream())
                .filter(e -> e.at("/MessageAttributes/recordId/StringValue").asText().equals("rid-large"))
                .findFirst().orElseThrow();
        assertThat(copy.at("/MessageAttributes/ExtendedPayloadSize/DataType").asText()).isEqualTo("Number");
        assertThat(copy.at("/MessageAttributes/lineageId/StringValue").asText()).isEqualTo("m-large");
        JsonNode pointer = Dlq.json("{\"p\":" + copy.path("MessageBody").asText() + "}").get("p");
        assertThat(pointer.get(0).asText()).isEqualTo("software.amazon.payloadoffloading.PayloadS3Pointer");
        assertThat(pointer.get(1).path("s3BucketName").asText()).isEqualTo(Dlq.BUCKET);
        String newKey = pointer.get(1).path("s3Key").asText();
        assertThat(newKey).startsWith(Dlq.PAYLOADS).isNotEqualTo(PARKED_KEY);
        // the dry run read the body only; the real pass read it, stored the copy's, then deleted the original's
        assertThat(stub.s3Calls()).containsExactly("GET " + PARKED_KEY, "GET " + PARKED_KEY, "PUT " + newKey,
                "DELETE " + PARKED_KEY);
        assertThat(stub.objects()).containsOnlyKeys(newKey);
        JsonNode stored = Dlq.json(stub.objects().get(newKey));
        assertThat(stored.get("record")).isEqualTo(Dlq.json(LARGE_BODY).get("record"));
        assertThat(stored.at("/reasons/0/code").asText()).isEqualTo("TOO_MANY_ITEMS");
        assertThat(stored.path("recordId").asText()).isEqualTo("rid-large");
    }

    @Test
    void logLinesComeOutInPowertoolsJsonFormat() throws IOException {
        List<JsonNode> finishedLines = jsonLines().stream()
                .filter(l -> "redrive finished".equals(l.path("message").asText())).toList();
        assertThat(finishedLines).as("'redrive finished' JSON lines in:%n%s%nstderr:%n%s", String.join("\n", stdout),
                stderr).hasSize(2);
        // a restored SnapStart container is no cold start for Powertools (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start)
        assertThat(finishedLines).allSatisfy(l -> assertThat(l.path("cold_start").isBoolean()).isTrue())
                .noneMatch(l -> l.path("cold_start").asBoolean());
        JsonNode finished = finishedLines.getLast();
        assertThat(finished.path("level").asText()).isEqualTo("INFO");
        assertThat(finished.path("service").asText()).isEqualTo("dlq-redrive");
        assertThat(finished.path("function_name").asText()).isEqualTo("RedriveFunction");
        assertThat(finished.path("function_request_id").asText()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(finished.path("xray_trace_id").asText()).isEqualTo(TRACE_ID);
        assertThat(finished.path("timestamp").asText()).isNotBlank();
        assertThat(finished.at("/summary/redriven").asInt()).isEqualTo(1);
        assertThat(jsonLines()).filteredOn(l -> "CONFLICT".equals(l.path("outcome").asText())).isNotEmpty()
                .allSatisfy(l -> {
                    assertThat(l.path("orderId").asText()).isEqualTo("ORD-4");
                    assertThat(l.path("correlation_id").asText()).isEqualTo("m-conflict");
                });
        assertThat(jsonLines()).filteredOn(l -> "ERROR".equals(l.path("outcome").asText())).singleElement()
                .satisfies(l -> {
                    assertThat(l.path("level").asText()).isEqualTo("WARN");
                    assertThat(l.path("messageId").asText()).isEqualTo("m-rejected");
                    assertThat(l.at("/error/name").asText()).endsWith("DynamoDbException");
                    assertThat(l.at("/error/message").asText()).contains("Item size has exceeded");
                    assertThat(l.at("/error/stack").asText()).contains("OrderTable.put");
                });
        assertThat(jsonLines()).as("the SnapStart warm-up ran without failing")
                .noneMatch(l -> l.path("message").asText().startsWith("SnapStart priming failed"));
        assertThat(jsonLines()).as("the SnapStart warm-up reported itself, function path and SDK calls included")
                .filteredOn(l -> l.path("message").asText().equals("SnapStart priming done")).singleElement()
                .satisfies(l -> assertThat(l.path("functionPathWarmed").asBoolean()).isTrue());
        assertThat(stderr).as("Log4j status messages and stray errors").isBlank();
    }

    @Test
    void theRunsMetricsComeOutAsAnEmfDocument() throws IOException {
        JsonNode emf = jsonLines().stream()
                .filter(l -> l.path("_aws").has("CloudWatchMetrics") && l.has(RedriveMetrics.REDRIVEN))
                .findFirst().orElseThrow(() -> new AssertionError("no EMF document in:\n" + String.join("\n", stdout)));
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("OrderPipelineIT");
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name"))
                .contains(RedriveMetrics.REDRIVEN, RedriveMetrics.PARKED, RedriveMetrics.CONFLICTS);
        assertThat(emf.path(RedriveMetrics.REDRIVEN).asDouble()).isEqualTo(1.0);
        assertThat(emf.path(RedriveMetrics.PARKED).asDouble()).isEqualTo(1.0);
        assertThat(emf.path(RedriveMetrics.CONFLICTS).asDouble()).isEqualTo(1.0);
        assertThat(jsonLines()).as("no ColdStart metric from a SnapStart version")
                .noneMatch(l -> l.path("_aws").has("CloudWatchMetrics") && l.has("ColdStart"));
    }

    @Test
    void subsegmentsReachTheXrayDaemon() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (segments.stream().noneMatch(s -> s.contains("\"name\":\"write\"")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(segments).anyMatch(s -> s.contains("\"name\":\"receive\"") && s.contains(TRACE_ID));
        assertThat(segments).anyMatch(s -> s.contains("\"name\":\"write\""));
    }
}
