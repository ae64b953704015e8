package io.orderpipeline.local;

import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.template.ProjectFiles;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starting the real template's pipeline for a test class, and looking into it. */
public final class PipelineTestSupport {

    private PipelineTestSupport() {
    }

    /** Retries never sleep (time scale 0); handler logs go to target/it-functions.log. */
    public static LocalPipeline.Options options() {
        try {
            var log = Path.of("target", "it-functions.log");
            Files.createDirectories(log.getParent());
            return LocalPipeline.Options.defaults(ProjectFiles.home()).withTimeScale(0)
                    .withFunctionLog(new PrintStream(new FileOutputStream(log.toFile(), true), true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LocalPipeline start(LocalEnvironment environment, LocalPipeline.Options options) {
        try {
            return LocalPipeline.create(environment, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, AttributeValue> item(LocalPipeline pipeline, String orderId) {
        return pipeline.environment().clients().dynamoDb()
                .getItem(b -> b.tableName(pipeline.tableName()).key(Map.of("orderId", AttributeValue.fromS(orderId)))).item();
    }

    public static long countItemsWithPrefix(LocalPipeline pipeline, String prefix) {
        long count = 0;
        for (var page : pipeline.environment().clients().dynamoDb().scanPaginator(b -> b.tableName(pipeline.tableName())
                .filterExpression("begins_with(orderId, :p)")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(prefix))))) {
            count += page.count();
        }
        return count;
    }
}
