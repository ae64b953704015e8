package io.orderpipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.local.OrderFiles.Format;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.lambda.FunctionRegistry;
import io.orderpipeline.local.report.PipelineInspector;
import io.orderpipeline.local.report.UploadOutcome;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.reconciler.ShadedJarReconcilerMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler's deployed artifact works on its own (#22 §9): the minimized {@code -lambda.jar} runs in a fresh JVM
 * whose class path is that jar plus a launcher ({@link ShadedJarReconcilerMain}), with the function's environment from
 * the template and the emulators' endpoints. After the pipeline has run a file, the jar is asked to INSPECT a CSV with a
 * header that lacks columns (an S3 read) and to RECONCILE the same file as if its Map had failed before reporting
 * anything: every valid order is then looked up in the table (BatchGetItem), a valid order no batch can carry is put
 * again (PutItem), invalid records are parked (SendMessageBatch), one over SQS's limit through the Extended Client's
 * claim check (PutObject + SendMessage), the manifests are searched (ListObjectsV2) and the report written (PutObject).
 * What only the jar's service files, Log4j plugins and resources make work is checked too: Powertools' JSON log lines
 * and the EMF document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShadedJarReconcilerIT {

    private LocalEnvironment environment;
    private LocalPipeline pipeline;
    private UploadOutcome upload;
    private JsonNode inspection;
    private JsonNode reconciliation;
    private List<String> stdout;
    private String stderr;
    private final List<ObjectNode> orders = new ArrayList<>();
    private ObjectNode uncarried;

    static Path lambdaJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "reconciler-fn", "target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no reconciler -lambda.jar: package reconciler-fn first"));
        }
    }

    @BeforeAll
    void runTheJarAfterThePipeline(@TempDir Path work) throws Exception {
        environment = LocalEnvironment.startOwn();
        pipeline = PipelineTestSupport.start(environment, PipelineTestSupport.options());
        orders.addAll(OrderFiles.orders("JAR", 4, 1));
        orders.add(ConservationIT.hugeOrder(OrderFiles.id("JAR", 5)));
        uncarried = OrderFiles.valid(OrderFiles.id("JAR", 6), 0);
        uncarried.putObject("attributes").put("note", "n".repeat(300_000));
        orders.add(uncarried);
        upload = pipeline.upload(OrderFiles.render(orders, Format.JSONL), "incoming/jar.jsonl");
        assertThat(pipeline.report(upload).conserved()).isTrue();
        // gone from the table since: the jar's reconcile must put it back
        environment.clients().dynamoDb().deleteItem(b -> b.tableName(pipeline.tableName())
                .key(Map.of("orderId", AttributeValue.fromS(uncarried.get("orderId").asText()))));
        environment.clients().s3().putObject(b -> b.bucket(pipeline.bucket()).key("incoming/no-total.csv"),
                software.amazon.awssdk.core.sync.RequestBody.fromString(
                        "orderId,customerId,orderDate,currency,items\nORD-1,C,2026-11-20,EUR,[]\n"));

        Path inspect = Files.writeString(work.resolve("inspect.json"), Json.write(Json.mapper().createObjectNode()
                .put("action", "INSPECT").put("executionId", "arn:aws:states:us-east-1:000000000000:execution:jar:inspect")
                .set("source", Json.mapper().createObjectNode().put("bucket", pipeline.bucket())
                        .put("key", "incoming/no-total.csv"))));
        ObjectNode state = Json.mapper().createObjectNode();
        state.put("bucket", pipeline.bucket()).put("key", upload.key()).put("versionId", upload.versionId())
                .put("executionId", "arn:aws:states:us-east-1:000000000000:execution:jar:map-failed");
        state.putObject("inspection").put("format", "JSONL");
        state.putObject("mapError").put("Error", "States.Runtime").put("Cause", "the map run was aborted");
        Path reconcile = Files.writeString(work.resolve("reconcile.json"), Json.write(Json.mapper().createObjectNode()
                .put("action", "RECONCILE").set("state", state)));

        Path out = work.resolve("stdout.log");
        Path err = work.resolve("stderr.log");
        String classPath = launcherDir(work.resolve("launcher")) + File.pathSeparator + lambdaJar().toAbsolutePath();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, ShadedJarReconcilerMain.class.getName(), inspect.toString(), reconcile.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("POWERTOOLS_")
                || name.startsWith("_X_AMZN") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(FunctionRegistry.environment(pipeline.spec().function("ReconcilerFunction"),
                environment.endpoints()));
        builder.environment().put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        builder.environment().put("POWERTOOLS_METRICS_NAMESPACE", "OrderPipelineIT");
        builder.environment().put("TZ", ":UTC");
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the reconciler JVM finished").isTrue();
        stdout = Files.readAllLines(out);
        stderr = Files.readString(err);
        assertThat(process.exitValue()).as("exit status; stderr:%n%s", stderr).isZero();
        for (String event : List.of("inspect.json", "reconcile.json")) {
            assertThat(work.resolve(event + ".error")).as("%s: %s", event, work.resolve(event + ".error").toFile()
                    .exists() ? Files.readString(work.resolve(event + ".error")) : "").doesNotExist();
        }
        inspection = Json.read(Files.readString(work.resolve("inspect.json.response")));
        reconciliation = Json.read(Files.readString(work.resolve("reconcile.json.response")));
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (environment != null) {
            environment.close();
        }
    }

    @Test
    void inspectReadsTheCsvHeaderFromS3AndNamesWhatIsMissing() {
        assertThat(inspection.path("format").isNull()).isTrue();
        assertThat(inspection.at("/fileError/Error").asText()).isEqualTo("OrderFile.MissingColumns");
        assertThat(inspection.at("/fileError/Cause").asText()).contains("totalAmount");
    }

    @Test
    void reconcileFindsTheStoredOrdersInTheTableStoresWhatNoBatchCanCarryAndParksTheRest() throws IOException {
        assertThat(reconciliation.path("outcome").asText()).as(reconciliation.path("summary").asText())
                .isEqualTo("CONSERVED");
        assertThat(reconciliation.at("/counts/read").asLong()).isEqualTo(orders.size());
        assertThat(reconciliation.at("/counts/stored").asLong()).isEqualTo(5);
        assertThat(reconciliation.at("/counts/parked").asLong()).isEqualTo(2);
        var report = Json.read(new String(environment.clients().s3().getObjectAsBytes(b -> b
                .bucket(reconciliation.at("/report/Bucket").asText()).key(reconciliation.at("/report/Key").asText()))
                .asByteArray(), StandardCharsets.UTF_8));
        assertThat(report.at("/counts/storedFoundInTable").asLong()).isEqualTo(4);
        assertThat(report.at("/counts/storedByReconciler").asLong()).isEqualTo(1);
        assertThat(report.path("requests").path("dynamoDbBatchGet").asLong()).isEqualTo(1);
        assertThat(report.path("requests").path("dynamoDbPut").asLong()).isEqualTo(1);
        assertThat(report.path("requests").path("s3List").asLong()).isPositive();
        assertThat(PipelineTestSupport.item(pipeline, uncarried.get("orderId").asText())).as("put back").isNotEmpty();
    }

    @Test
    void whatTheJarParksIsInTheDlqAndTheRecordOverSqsLimitWentByClaimCheck() {
        var parked = pipeline.inspector().peekDlq().stream()
                .filter(e -> e.body().path("executionId").asText().endsWith(":map-failed")).toList();
        assertThat(parked).extracting(PipelineInspector.DlqEntry::reasonCode)
                .containsExactlyInAnyOrder("TOTAL_MISMATCH", "RECORD_TOO_LARGE");
        assertThat(parked).filteredOn(e -> e.claimCheckKey() != null).singleElement().satisfies(e -> {
            assertThat(e.claimCheckKey()).startsWith("dlq-payloads/");
            assertThat(e.body().path("orderId").asText()).isEqualTo(OrderFiles.id("JAR", 5));
        });
    }

    @Test
    void theJarLogsPowertoolsJsonAndPublishesItsMetrics() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout) {
            if (line.startsWith("{")) {
                lines.add(Json.read(line));
            }
        }
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("message").asText()).isEqualTo("file reconciled");
            assertThat(l.path("function_name").asText()).isEqualTo("ReconcilerFunction");
            assertThat(l.path("correlation_id").asText()).startsWith("incoming/jar.jsonl#");
        });
        assertThat(lines).anySatisfy(l -> assertThat(l.path("_aws").path("CloudWatchMetrics").isArray()).isTrue());
        assertThat(stdout).noneMatch(l -> l.contains("SnapStart priming failed"));
        assertThat(stderr).doesNotContain("ClassNotFoundException").doesNotContain("NoClassDefFoundError");
    }

    /** A directory holding only the launcher's classes: the child JVM must not see this module's class path. */
    private static Path launcherDir(Path dir) throws IOException, URISyntaxException {
        Path compiled = Path.of(ShadedJarReconcilerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packagePath = ShadedJarReconcilerMain.class.getPackageName().replace('.', '/');
        Path target = Files.createDirectories(dir.resolve(packagePath));
        try (Stream<Path> classes = Files.list(compiled.resolve(packagePath))) {
            String prefix = ShadedJarReconcilerMain.class.getSimpleName();
            for (Path c : classes.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                Files.copy(c, target.resolve(c.getFileName()));
            }
        }
        return dir;
    }
}
