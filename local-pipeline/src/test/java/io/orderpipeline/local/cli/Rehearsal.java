package io.orderpipeline.local.cli;

import io.orderpipeline.local.PipelineTestSupport;
import io.orderpipeline.local.template.ProjectFiles;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A user rehearsing incidents: a {@code serve} (the same machinery as {@code ./pipeline serve}, in this JVM, its
 * {@code .local-pipeline/} in a temporary directory), the {@code ./pipeline} commands run against it as the command
 * line runs them, and the AWS SDK clients a user would build from the environment block {@code serve} prints — with
 * other credentials and another region than the pipeline's own, and none of its helpers.
 */
final class Rehearsal implements AutoCloseable {
    /** Credentials and region of the "user": nothing like the pipeline's. */
    static final Region USER_REGION = Region.EU_WEST_1;
    static final String USER_KEY = "AKIAREHEARSAL0000001";

    final Path work;
    final ServeSession serve;
    final String banner;
    final Map<String, String> environment;
    final DynamoDbClient dynamoDb;
    final SqsClient sqs;
    final S3Client s3;

    Rehearsal(Path work) throws IOException {
        this(work, null);
    }

    /** @param tableWriteCapacity the serve's {@code --table-write-capacity}, or null */
    Rehearsal(Path work, Double tableWriteCapacity) throws IOException {
        this.work = work;
        this.serve = ServeSession.start(work, PipelineTestSupport.options(),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), tableWriteCapacity);
        var out = new ByteArrayOutputStream();
        serve.printBanner(new PrintStream(out, true, StandardCharsets.UTF_8));
        this.banner = out.toString(StandardCharsets.UTF_8);
        this.environment = exports(banner);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(USER_KEY, "rehearsal-secret"));
        dynamoDb = DynamoDbClient.builder().endpointOverride(URI.create(environment.get("AWS_ENDPOINT_URL_DYNAMODB")))
                .region(USER_REGION).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(URI.create(environment.get("AWS_ENDPOINT_URL_SQS")))
                .region(USER_REGION).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        // no path-style switch: an SDK or the AWS CLI pointed at an IP-address endpoint uses path-style by itself
        s3 = S3Client.builder().endpointOverride(URI.create(environment.get("AWS_ENDPOINT_URL_S3")))
                .region(USER_REGION).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The {@code export NAME=VALUE} lines of the banner (several assignments per line allowed). */
    static Map<String, String> exports(String banner) {
        var exports = new LinkedHashMap<String, String>();
        var assignment = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\\S+)");
        banner.lines().map(String::strip).filter(l -> l.startsWith("export ")).forEach(line -> {
            var m = assignment.matcher(line.substring("export ".length()));
            while (m.find()) {
                exports.put(m.group(1), m.group(2));
            }
        });
        return exports;
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** {@code ./pipeline <args>} in this rehearsal's directory (so against its serve), stdout and stderr captured. */
    Result cli(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.add(1, "--home");
        all.add(2, ProjectFiles.home().toString());
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        synchronized (Rehearsal.class) {
            var originalErr = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                var exit = LocalPipelineCli.execute(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                        work);
                return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setErr(originalErr);
            }
        }
    }

    /** Writes an order file into the rehearsal's directory. */
    Path file(String name, byte[] content) {
        try {
            var dir = Files.createDirectories(work.resolve("files"));
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tableName() {
        return serve.pipeline().tableName();
    }

    String dlqUrl() {
        return serve.pipeline().dlqUrl();
    }

    String bucket() {
        return serve.pipeline().bucket();
    }

    long tableCount() {
        long count = 0;
        for (var page : dynamoDb.scanPaginator(b -> b.tableName(tableName()).select(Select.COUNT))) {
            count += page.count();
        }
        return count;
    }

    /** {@code ApproximateNumberOfMessages} and {@code ...NotVisible} of the DLQ (exact in ElasticMQ). */
    long[] dlqVisibleAndInFlight() {
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl()).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return new long[]{Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))};
    }

    /** What a user would type to get the table back: the template's key (the GSI is not needed by the pipeline). */
    void recreateTable() {
        dynamoDb.createTable(b -> b.tableName(tableName())
                .keySchema(KeySchemaElement.builder().attributeName("orderId").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("orderId").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    /** The DLQ again, under its name, with the template's visibility timeout. */
    String recreateDlq() {
        return sqs.createQueue(b -> b.queueName("OrdersDlq")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "360"))).queueUrl();
    }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
        s3.close();
        serve.close();
    }
}
