package io.orderpipeline.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.local.OrderFiles;
import io.orderpipeline.local.OrderFiles.Format;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * serve does what S3, EventBridge and Step Functions do for an object any client creates: the template's rule decides,
 * a match starts one execution, and serve's Step Functions endpoint (from the banner's environment block) lists and
 * describes it for any SDK client. {@code ./pipeline upload} runs its own execution, and serve starts none for it.
 */
class ServeWatcherIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private Rehearsal r;
    private SfnClient sfn;

    @BeforeEach
    void serve() throws Exception {
        r = new Rehearsal(work);
        sfn = SfnClient.builder().endpointOverride(URI.create(r.environment.get("AWS_ENDPOINT_URL_SFN")))
                .region(Rehearsal.USER_REGION).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Rehearsal.USER_KEY, "x")))
                .build();
    }

    @AfterEach
    void stop() {
        sfn.close();
        r.close();
    }

    private String alias() {
        return r.serve.pipeline().spec().stateMachine().arn() + ":live";
    }

    private List<ExecutionListItem> executions() {
        return sfn.listExecutions(b -> b.stateMachineArn(alias())).executions();
    }

    /** What a failure needs to be understood: the bucket's versions and what each execution was started for. */
    private String evidence() {
        var text = new StringBuilder("versions:");
        r.s3.listObjectVersions(b -> b.bucket(r.bucket())).versions().forEach(v -> text.append(' ').append(v.key())
                .append('@').append(v.versionId()).append(v.isLatest() ? "(latest)" : "").append(' ').append(v.size())
                .append("B ").append(v.lastModified()));
        text.append("; executions:");
        for (var e : executions()) {
            var input = sfn.describeExecution(b -> b.executionArn(e.executionArn())).input();
            try {
                var object = JSON.readTree(input).path("detail").path("object");
                text.append(' ').append(e.name()).append(' ').append(e.statusAsString()).append(' ')
                        .append(object.path("key").asText()).append('@').append(object.path("version-id").asText())
                        .append(" from ").append(e.startDate());
            } catch (java.io.IOException unreadable) {
                text.append(' ').append(e.name()).append(" input ").append(input);
            }
        }
        return text.toString();
    }

    @Test
    void anObjectAnyClientPutsUnderTheRulesPrefixStartsOneExecutionThatAnySdkClientCanFollow() throws Exception {
        r.s3.putObject(b -> b.bucket(r.bucket()).key("incoming/by-the-user.jsonl"),
                RequestBody.fromBytes(OrderFiles.render(OrderFiles.orders("WATCH", 3, 1), Format.JSONL)));
        r.s3.putObject(b -> b.bucket(r.bucket()).key("notes/not-for-the-rule.txt"), RequestBody.fromString("hello"));

        // S3 sends one event per version; one PutObject is one version, unless the client sent it twice (an SDK or
        // HttpURLConnection retry of a PUT whose answer it lost makes two), and then S3 starts two executions too.
        var versions = r.s3.listObjectVersions(b -> b.bucket(r.bucket()).prefix("incoming/")).versions().stream()
                .map(v -> v.key() + "@" + v.versionId()).toList();
        assertThat(versions).as(evidence()).isNotEmpty().allMatch(v -> v.startsWith("incoming/by-the-user.jsonl@"));
        var deadline = System.nanoTime() + 60_000_000_000L;
        while ((executions().size() < versions.size()
                || executions().stream().anyMatch(e -> "RUNNING".equals(e.statusAsString())))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        var started = new java.util.ArrayList<String>();
        for (var e : executions()) {
            assertThat(e.statusAsString()).as(evidence()).isEqualTo("SUCCEEDED");
            var described = sfn.describeExecution(b -> b.executionArn(e.executionArn()));
            var object = JSON.readTree(described.input()).path("detail").path("object");
            assertThat(object.path("version-id").asText()).isNotBlank();
            assertThat(described.stateMachineAliasArn()).isEqualTo(alias());
            started.add(object.path("key").asText() + "@" + object.path("version-id").asText());
        }
        assertThat(started).as("one execution per version of an object under the rule's prefix, none for the other; "
                + evidence()).containsExactlyInAnyOrderElementsOf(versions);
        assertThat(r.tableCount()).isEqualTo(3);
        assertThat(r.dlqVisibleAndInFlight()[0]).as("the invalid order, parked by each execution; " + evidence())
                .isEqualTo(versions.size());
        assertThat(r.s3.listObjectsV2(b -> b.bucket(r.bucket()).prefix("map-results/")).contents())
                .as("the execution's report").anyMatch(o -> o.key().endsWith("/reconciliation.json"));

        var upload = r.cli("upload", r.file("uploaded.json", OrderFiles.render(OrderFiles.orders("UPLOADED", 2, 0),
                Format.JSON)).toString());
        assertThat(upload.exit()).as(upload.toString()).isZero();
        Thread.sleep(ServeSession.WATCH_INTERVAL.multipliedBy(6).toMillis());

        assertThat(executions()).as("upload ran its own execution; serve started none for it")
                .hasSize(versions.size());
        assertThat(r.tableCount()).isEqualTo(5);
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(executions().getFirst().executionArn() + "x")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }
}
