package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Runtime, packaging and environment of the three functions, as template.yaml fixes them (docs/deploy.md). */
class FunctionConfigurationTest {

    private final SamTemplate template = SamTemplate.load();

    @ParameterizedTest
    @CsvSource({
            "ValidatorFunction, io.orderpipeline.validator.ValidateBatchHandler::handleRequest, 1024, 60",
            "RedriveFunction, io.orderpipeline.redrive.RedriveHandler::handleRequest, 512, 300"})
    void functionRunsTheNamedHandlerOnJava21Arm64WithSnapStart(String id, String handler, int memory, int timeout) {
        var function = template.resource(id);
        assertThat(function.type()).isEqualTo("AWS::Serverless::Function");
        assertThat(function.properties().get("Handler")).isEqualTo(handler);
        assertThat(template.functionProperty(id, "Runtime")).contains("java21");
        assertThat(template.functionProperty(id, "Architectures")).contains(List.of("arm64"));
        assertThat(template.functionProperty(id, "MemorySize")).contains(memory);
        assertThat(template.functionProperty(id, "Timeout")).contains(timeout);
        assertThat(template.functionProperty(id, "SnapStart")).contains(Map.of("ApplyOn", "PublishedVersions"));
        assertThat(template.functionProperty(id, "AutoPublishAlias")).contains("live");
        assertThat(template.functionProperty(id, "Tracing")).contains("Active");
        assertThat(function.properties().get("CodeUri")).isEqualTo(".");
        assertThat(function.metadata().get("BuildMethod")).isEqualTo("makefile");
    }

    @Test
    void theReconcilerIsToldTheLargestFileItAcceptsByTheTemplatesParameter() {
        var env = template.functionEnvironment("ReconcilerFunction");
        assertThat(Intrinsic.of(env.get("MAX_FILE_BYTES"))).isEqualTo(new Intrinsic("Ref", "MaxFileBytes"));
        var parameter = Yamls.map(template.parameters().get("MaxFileBytes"));
        assertThat(((Number) parameter.get("Default")).longValue())
                .as("the default is at most the parameter's MaxValue").isPositive()
                .isLessThanOrEqualTo(((Number) parameter.get("MaxValue")).longValue());
    }

    @ParameterizedTest
    @CsvSource({"ValidatorFunction, order-validator, ValidatorLogLevel", "RedriveFunction, dlq-redrive, LogLevel",
            "ReconcilerFunction, reconciler, LogLevel"})
    void powertoolsIsConfiguredThroughTheEnvironment(String id, String service, String logLevel) {
        var env = template.functionEnvironment(id);
        assertThat(env.get("POWERTOOLS_SERVICE_NAME")).isEqualTo(service);
        assertThat(env.get("POWERTOOLS_METRICS_NAMESPACE")).isEqualTo("OrderPipeline");
        // the validator logs per batch and per rejected order: its level is its own (docs/performance.md §5)
        assertThat(Intrinsic.of(env.get("POWERTOOLS_LOG_LEVEL"))).isEqualTo(new Intrinsic("Ref", logLevel));
        assertThat(env.get("JAVA_TOOL_OPTIONS")).isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    }

    @Test
    void redriveIsToldWhereTheTableAndQueuesAreAndWhenToGiveUp() {
        var env = template.functionEnvironment("RedriveFunction");
        assertThat(Intrinsic.of(env.get("ORDERS_TABLE_NAME"))).isEqualTo(new Intrinsic("Ref", "OrdersTable"));
        assertThat(Intrinsic.of(env.get("DLQ_URL"))).isEqualTo(new Intrinsic("Ref", "OrdersDlq"));
        assertThat(Intrinsic.of(env.get("PARKING_QUEUE_URL"))).isEqualTo(new Intrinsic("Ref", "OrdersParkingQueue"));
        assertThat(Intrinsic.of(env.get("REDRIVE_MAX_ATTEMPTS"))).isEqualTo(new Intrinsic("Ref", "RedriveMaxAttempts"));
        // claim-check bodies (docs/data-contracts.md §7)
        assertThat(Intrinsic.of(env.get("ORDERS_BUCKET_NAME"))).isEqualTo(new Intrinsic("Ref", "OrdersBucket"));
        assertThat(env.get("CLAIM_CHECK_PREFIX")).isEqualTo("dlq-payloads/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ValidatorFunction", "RedriveFunction", "ReconcilerFunction"})
    void functionLogsGoToALogGroupWithRetention(String id) {
        var logGroup = Intrinsic.of(Yamls.at(template.resource(id).properties(), "LoggingConfig", "LogGroup"));
        assertThat(logGroup).isNotNull();
        assertThat(template.resource(String.valueOf(logGroup.argument())).type()).isEqualTo("AWS::Logs::LogGroup");
    }

    @Test
    void makefileHasABuildTargetForEveryMakefileBuiltFunction() throws IOException {
        var makefile = Files.readString(ProjectFiles.resolve("Makefile"));
        var functions = template.resources().values().stream()
                .filter(r -> "makefile".equals(r.metadata().get("BuildMethod"))).map(io.orderpipeline.cfn.Template.Resource::logicalId).toList();
        assertThat(functions).containsExactlyInAnyOrder("ValidatorFunction", "RedriveFunction", "ReconcilerFunction");
        for (var id : functions) {
            assertThat(Pattern.compile("(?m)^build-" + id + ":").matcher(makefile).find())
                    .as("Makefile target build-%s", id).isTrue();
        }
    }
}
