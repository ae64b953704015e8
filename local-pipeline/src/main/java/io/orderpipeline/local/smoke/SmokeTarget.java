package io.orderpipeline.local.smoke;

import io.orderpipeline.local.emulator.EmulatorClients;
import io.orderpipeline.local.emulator.EndpointsFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a smoke test works against, with the SDK only: a deployed stack (its outputs from CloudFormation
 * {@code DescribeStacks}, credentials and region from the SDK's default chains) or a running {@code ./pipeline serve}
 * (its endpoints and resolved outputs from {@code .local-pipeline/endpoints.json}). Both offer the same outputs, S3,
 * DynamoDB, SQS and Step Functions; only a stack has CloudWatch alarms.
 */
final class SmokeTarget implements AutoCloseable {
    static final String BUCKET = "OrdersBucketName";
    static final String TABLE = "OrdersTableName";
    static final String DLQ = "OrdersDlqUrl";
    static final String STATE_MACHINE = "StateMachineArn";
    static final String ALIAS = "StateMachineAliasArn";
    private static final List<String> REQUIRED = List.of(BUCKET, TABLE, DLQ, STATE_MACHINE);

    /** A stack's alarms: its CloudWatch client and the alarms it declares (logical id to alarm name). */
    record Alarms(CloudWatchClient cloudWatch, Map<String, String> byLogicalId) {
    }

    private final String description;
    private final Map<String, String> outputs;
    private final SdkHttpClient http;
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final SfnClient sfn;
    private final Alarms alarms;
    private final boolean local;

    private SmokeTarget(String description, Map<String, String> outputs, SdkHttpClient http, S3Client s3,
                        DynamoDbClient dynamoDb, SqsClient sqs, SfnClient sfn, Alarms alarms, boolean local) {
        this.description = description;
        this.outputs = outputs;
        this.http = http;
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.sfn = sfn;
        this.alarms = alarms;
        this.local = local;
    }

    /**
     * A deployed stack.
     *
     * @param region null: the SDK's default region chain (AWS_REGION, the profile, ...)
     * @throws SmokeException when the stack cannot be read, is not in a usable state, or lacks an output the smoke needs
     */
    static SmokeTarget stack(String stackName, String region, ExecutionInterceptor calls) {
        var http = ApacheHttpClient.builder().build();
        CloudFormationClient cloudFormation = null;
        try {
            cloudFormation = aws(CloudFormationClient.builder(), http, region, calls);
            var stack = cloudFormation.describeStacks(b -> b.stackName(stackName)).stacks().getFirst();
            var status = stack.stackStatusAsString();
            if (!status.endsWith("_COMPLETE") || status.contains("ROLLBACK") || status.startsWith("DELETE")) {
                throw new SmokeException("the stack " + stackName + " is " + status + ": deploy it (or wait for its update"
                        + " to complete) first");
            }
            var outputs = new LinkedHashMap<String, String>();
            stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            var alarms = new LinkedHashMap<String, String>();
            for (var page : cloudFormation.listStackResourcesPaginator(b -> b.stackName(stackName))) {
                page.stackResourceSummaries().stream().filter(r -> "AWS::CloudWatch::Alarm".equals(r.resourceType()))
                        .forEach(r -> alarms.put(r.logicalResourceId(), physicalId(r)));
            }
            var target = new SmokeTarget("stack " + stackName + " (" + status + ")", requireOutputs(outputs, stackName),
                    http, aws(S3Client.builder(), http, region, calls), aws(DynamoDbClient.builder(), http, region, calls),
                    aws(SqsClient.builder(), http, region, calls), aws(SfnClient.builder(), http, region, calls),
                    new Alarms(aws(CloudWatchClient.builder(), http, region, calls), alarms), false);
            cloudFormation.close();
            return target;
        } catch (SdkException e) {
            close(cloudFormation, http);
            throw new SmokeException("cannot read the stack " + stackName + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(cloudFormation, http);
            throw e;
        }
    }

    /**
     * A running {@code ./pipeline serve} whose {@code .local-pipeline/} is under {@code workDirectory}.
     *
     * @param calls sees every call the smoke makes (null: none; a test compares them with the smoke's IAM grants)
     */
    static SmokeTarget serve(Path workDirectory, ExecutionInterceptor calls) {
        var file = EndpointsFile.path(workDirectory);
        var served = EndpointsFile.readServed(file).orElseThrow(() -> new SmokeException("no running ./pipeline serve"
                + " found (" + file + "): start one in another terminal first"));
        if (served.stepFunctions() == null) {
            throw new SmokeException("the running serve has no Step Functions endpoint (it predates ./pipeline smoke):"
                    + " restart it");
        }
        var http = ApacheHttpClient.builder().build();
        var endpoints = served.endpoints();
        return new SmokeTarget("./pipeline serve (" + file + ")", requireOutputs(served.outputs(), "serve"), http,
                local(S3Client.builder().forcePathStyle(true), http, endpoints.s3(), calls),
                local(DynamoDbClient.builder(), http, endpoints.dynamodb(), calls),
                local(SqsClient.builder(), http, endpoints.sqs(), calls),
                local(SfnClient.builder(), http, served.stepFunctions(), calls), null, true);
    }

    /** A client of the real service: the SDK's default credential chain; the default region chain unless given. */
    private static <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C aws(B builder, SdkHttpClient http,
                                                                                           String region,
                                                                                           ExecutionInterceptor calls) {
        if (region != null) {
            builder.region(Region.of(region));
        }
        return observed(builder, calls).httpClient(http).build();
    }

    private static <C, B extends AwsClientBuilder<B, C>> B observed(B builder, ExecutionInterceptor calls) {
        return calls == null ? builder : builder.overrideConfiguration(c -> c.addExecutionInterceptor(calls));
    }

    /** A client of one of serve's endpoints: its dummy credentials and region (any would do). */
    private static <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C local(B builder, SdkHttpClient http,
                                                                                             URI endpoint,
                                                                                             ExecutionInterceptor calls) {
        return observed(builder, calls).endpointOverride(endpoint).region(EmulatorClients.REGION).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(EmulatorClients.ACCESS_KEY,
                        EmulatorClients.SECRET_KEY))).build();
    }

    private static Map<String, String> requireOutputs(Map<String, String> outputs, String where) {
        var missing = REQUIRED.stream().filter(name -> outputs.get(name) == null).toList();
        if (!missing.isEmpty()) {
            throw new SmokeException(where + " has no output " + String.join(", ", missing) + " (template.yaml Outputs)");
        }
        return Map.copyOf(outputs);
    }

    private static String physicalId(StackResourceSummary resource) {
        return resource.physicalResourceId();
    }

    private static void close(AutoCloseable client, SdkHttpClient http) {
        try {
            if (client != null) {
                client.close();
            }
        } catch (Exception ignored) {
            // closing after a failure: nothing more to say
        }
        http.close();
    }

    String description() {
        return description;
    }

    /** The stack's outputs (or serve's resolved ones), by output name. */
    Map<String, String> outputs() {
        return outputs;
    }

    String bucket() {
        return outputs.get(BUCKET);
    }

    String table() {
        return outputs.get(TABLE);
    }

    String dlqUrl() {
        return outputs.get(DLQ);
    }

    /**
     * What the executions are listed by: the {@code live} alias the upload rule starts (ListExecutions then lists the
     * executions associated with it: https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html),
     * else the state machine.
     */
    String executionsOf() {
        return outputs.getOrDefault(ALIAS, outputs.get(STATE_MACHINE));
    }

    S3Client s3() {
        return s3;
    }

    DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    SqsClient sqs() {
        return sqs;
    }

    SfnClient sfn() {
        return sfn;
    }

    /** Null for serve: it has no CloudWatch. */
    Alarms alarms() {
        return alarms;
    }

    /** Serve: everything is on this machine, so waits are short. */
    boolean local() {
        return local;
    }

    /** How long to wait between two looks at executions or the DLQ. */
    Duration pollInterval() {
        return local ? Duration.ofMillis(200) : Duration.ofSeconds(3);
    }

    @Override
    public void close() {
        for (AutoCloseable client : new AutoCloseable[] {s3, dynamoDb, sqs, sfn, alarms == null ? null : alarms.cloudWatch()}) {
            try {
                if (client != null) {
                    client.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        http.close();
    }
}
