package io.orderpipeline.local.cli;

import io.orderpipeline.local.LocalPipeline;
import io.orderpipeline.local.emulator.EmulatorClients;
import io.orderpipeline.local.emulator.EndpointsFile;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.template.LocalNames;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code ./pipeline serve} keeps running: its own emulators, provisioned once from the template when it starts,
 * and {@code .local-pipeline/endpoints.json} under its working directory, through which {@code upload}, {@code table},
 * {@code dlq}, {@code redrive} and {@code resume} find them. Closing stops the emulators and removes the file.
 */
public final class ServeSession implements AutoCloseable {
    private final Path workDirectory;
    private final LocalEnvironment environment;
    private final LocalPipeline pipeline;

    private ServeSession(Path workDirectory, LocalEnvironment environment, LocalPipeline pipeline) {
        this.workDirectory = workDirectory;
        this.environment = environment;
        this.pipeline = pipeline;
    }

    public static ServeSession start(Path workDirectory, LocalPipeline.Options options) throws IOException {
        var environment = LocalEnvironment.startOwn();
        try {
            var pipeline = LocalPipeline.create(environment, options);
            EndpointsFile.write(EndpointsFile.path(workDirectory), environment.endpoints());
            return new ServeSession(workDirectory, environment, pipeline);
        } catch (IOException | RuntimeException e) {
            environment.close();
            throw e;
        }
    }

    public LocalPipeline pipeline() {
        return pipeline;
    }

    public Path endpointsFile() {
        return EndpointsFile.path(workDirectory);
    }

    /** The endpoints, what was provisioned, and a copy-paste environment for the AWS CLI and the SDKs. */
    public void printBanner(PrintStream out) {
        var e = environment.endpoints();
        out.printf("Emulators running (Ctrl-C to stop); endpoints in %s%n", workDirectory.relativize(endpointsFile()));
        out.printf("  DynamoDB  %s   table %s%n", e.dynamodb(), pipeline.tableName());
        out.printf("  SQS       %s   DLQ %s%n", e.sqs(), pipeline.dlqUrl());
        out.printf("  S3        %s   bucket %s%n", e.s3(), pipeline.bucket());
        out.println();
        out.println("Provisioned from template.yaml, once: from now on nothing re-creates a table, queue or bucket you delete.");
        pipeline.provisioned().forEach(line -> out.println("  " + line));
        out.println();
        out.println("For the AWS CLI and the AWS SDKs, paste this into another terminal (any credentials and any region see");
        out.println("the same data; these are dummies):");
        out.println();
        out.printf("  export AWS_ENDPOINT_URL_DYNAMODB=%s%n", e.dynamodb());
        out.printf("  export AWS_ENDPOINT_URL_SQS=%s%n", e.sqs());
        out.printf("  export AWS_ENDPOINT_URL_S3=%s%n", e.s3());
        out.printf("  export AWS_REGION=%s AWS_DEFAULT_REGION=%s%n", LocalNames.REGION, LocalNames.REGION);
        out.printf("  export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s%n", EmulatorClients.ACCESS_KEY, EmulatorClients.SECRET_KEY);
        out.println();
        out.println("then, for example:");
        out.printf("  aws dynamodb scan --table-name %s --select COUNT%n", pipeline.tableName());
        // the AWS CLI v1 ignores AWS_ENDPOINT_URL_SQS (it sets sqs' endpoint itself unless --endpoint-url is given)
        out.printf("  aws sqs receive-message --endpoint-url $AWS_ENDPOINT_URL_SQS --queue-url %s --max-number-of-messages 10"
                + " --message-attribute-names All%n", pipeline.dlqUrl());
        out.printf("  aws s3 ls s3://%s --recursive%n", pipeline.bucket());
        out.printf("(or give each command its endpoint: aws --endpoint-url %s dynamodb list-tables)%n", e.dynamodb());
        out.println();
        out.println("Then, in another terminal:  ./pipeline upload FILE   ./pipeline table   ./pipeline dlq   ./pipeline redrive --dry-run");
        out.println("Rehearsing incidents (a deleted table or queue, a second DLQ consumer, a killed upload): docs/local-pipeline.md");
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(endpointsFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pipeline.close();
            environment.close();
        }
    }
}
