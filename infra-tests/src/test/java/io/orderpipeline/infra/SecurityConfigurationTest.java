package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Encryption at rest, TLS-only access, no public access, recoverability: the settings a review would look for. */
class SecurityConfigurationTest {

    private final SamTemplate template = SamTemplate.load();

    private Map<String, Object> props(String id) {
        return template.resource(id).properties();
    }

    @Test
    void bucketIsEncryptedVersionedPrivateAndEmitsEventBridgeEvents() {
        var bucket = props("OrdersBucket");
        var sse = Yamls.map(Yamls.list(Yamls.at(bucket, "BucketEncryption", "ServerSideEncryptionConfiguration")).getFirst());
        assertThat(String.valueOf(Yamls.at(sse, "ServerSideEncryptionByDefault", "SSEAlgorithm"))).isIn("AES256", "aws:kms");
        assertThat(Yamls.at(bucket, "VersioningConfiguration", "Status")).isEqualTo("Enabled");
        assertThat(Yamls.map(bucket.get("PublicAccessBlockConfiguration"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        assertThat(Yamls.at(bucket, "NotificationConfiguration", "EventBridgeConfiguration", "EventBridgeEnabled")).isEqualTo(true);
    }

    @Test
    void bucketExpiresOldVersionsAndMapResults() {
        var rules = Yamls.list(Yamls.at(props("OrdersBucket"), "LifecycleConfiguration", "Rules")).stream().map(Yamls::map).toList();
        assertThat(rules).allMatch(r -> "Enabled".equals(r.get("Status")));
        assertThat(rules).anyMatch(r -> !r.containsKey("Prefix") && r.containsKey("NoncurrentVersionExpiration"));
        assertThat(rules).anyMatch(r -> "map-results/".equals(r.get("Prefix")) && r.containsKey("ExpirationInDays"));
    }

    @Test
    void bucketPolicyDeniesEveryRequestWithoutTls() {
        var policy = props("OrdersBucketPolicy");
        assertThat(Intrinsic.of(policy.get("Bucket"))).isEqualTo(new Intrinsic("Ref", "OrdersBucket"));
        var statement = Yamls.map(Yamls.list(Yamls.at(policy, "PolicyDocument", "Statement")).getFirst());
        assertTlsOnly(statement, "s3:*");
        var resources = Yamls.list(statement.get("Resource")).stream().map(Intrinsic::render).toList();
        assertThat(resources).containsExactlyInAnyOrder("${OrdersBucket.Arn}", "${OrdersBucket.Arn}/*");
    }

    private static void assertTlsOnly(Map<String, Object> statement, String action) {
        assertThat(statement.get("Effect")).isEqualTo("Deny");
        assertThat(statement.get("Principal")).isEqualTo("*");
        assertThat(statement.get("Action")).isEqualTo(action);
        assertThat(Yamls.at(statement, "Condition", "Bool", "aws:SecureTransport")).isEqualTo("false");
    }

    /** The table's properties as CloudFormation sees them with these parameter values. */
    private Map<String, Object> table(Map<String, String> parameters) {
        return new io.orderpipeline.cfn.TemplateResolver<>(template.template(), AwsNames.DEFAULT, parameters)
                .resolveMap(props("OrdersTable"));
    }

    @Test
    void tableIsEncryptedRecoverableOnDemandWithTheCustomerIndex() {
        var table = table(Map.of());
        assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(Yamls.at(table, "SSESpecification", "SSEEnabled")).isEqualTo(true);
        assertThat(Yamls.at(table, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")).isEqualTo(true);
        assertThat(Yamls.list(table.get("KeySchema"))).containsExactly(Map.of("AttributeName", "orderId", "KeyType", "HASH"));
        var gsi = Yamls.map(Yamls.list(table.get("GlobalSecondaryIndexes")).getFirst());
        assertThat(gsi.get("IndexName")).isEqualTo("byCustomer");
        assertThat(Yamls.list(gsi.get("KeySchema"))).containsExactly(
                Map.of("AttributeName", "customerId", "KeyType", "HASH"),
                Map.of("AttributeName", "orderDate", "KeyType", "RANGE"));
        assertThat(Yamls.at(gsi, "Projection", "ProjectionType")).isEqualTo("ALL");
        assertThat(Yamls.list(table.get("AttributeDefinitions"))).containsExactlyInAnyOrder(
                Map.of("AttributeName", "orderId", "AttributeType", "S"),
                Map.of("AttributeName", "customerId", "AttributeType", "S"),
                Map.of("AttributeName", "orderDate", "AttributeType", "S"));
    }

    @Test
    void theCustomerIndexProjectsWhatItsParameterSaysOrIsNotThere() {
        var keysOnly = Yamls.map(Yamls.list(table(Map.of("CustomerIndex", "KEYS_ONLY")).get("GlobalSecondaryIndexes")).getFirst());
        assertThat(Yamls.at(keysOnly, "Projection", "ProjectionType")).isEqualTo("KEYS_ONLY");

        var none = table(Map.of("CustomerIndex", "NONE"));
        assertThat(none).doesNotContainKey("GlobalSecondaryIndexes");
        // DynamoDB rejects attribute definitions that no key uses
        assertThat(Yamls.list(none.get("AttributeDefinitions"))).containsExactly(
                Map.of("AttributeName", "orderId", "AttributeType", "S"));
    }

    @Test
    void dataStoresSurviveStackDeletion() {
        for (var id : List.of("OrdersBucket", "OrdersTable")) {
            var definition = template.resource(id).definition();
            assertThat(definition.get("DeletionPolicy")).as(id).isEqualTo("Retain");
            assertThat(definition.get("UpdateReplacePolicy")).as(id).isEqualTo("Retain");
        }
    }

    @Test
    void queuesAreEncryptedKeepMessagesFourteenDaysAndRefusePlainHttp() {
        for (var id : List.of("OrdersDlq", "OrdersParkingQueue")) {
            assertThat(props(id).get("SqsManagedSseEnabled")).as(id).isEqualTo(true);
            assertThat(props(id).get("MessageRetentionPeriod")).as(id).isEqualTo(1209600);
        }
        var policy = props("QueuesTlsOnlyPolicy");
        assertThat(Yamls.list(policy.get("Queues")).stream().map(Intrinsic::render))
                .containsExactlyInAnyOrder("${OrdersDlq}", "${OrdersParkingQueue}");
        assertTlsOnly(Yamls.map(Yamls.list(Yamls.at(policy, "PolicyDocument", "Statement")).getFirst()), "sqs:*");
    }

    @Test
    void dlqVisibilityOutlastsARedriveInvocation() {
        var timeout = ((Number) props("RedriveFunction").get("Timeout")).intValue();
        assertThat(((Number) props("OrdersDlq").get("VisibilityTimeout")).intValue()).isGreaterThan(timeout);
    }

    @Test
    void executionLogsLeaveOrderDataOutAndTracesAreOn() {
        var machine = props("OrderPipelineStateMachine");
        assertThat(machine.get("Type")).isEqualTo("STANDARD");
        // what Step Functions sends to CloudWatch Logs is a parameter: failures only unless one debugs
        assertThat(Intrinsic.of(Yamls.at(machine, "Logging", "Level"))).isEqualTo(new Intrinsic("Ref", "StateMachineLogLevel"));
        assertThat(Yamls.map(template.parameters().get("StateMachineLogLevel")).get("Default")).isEqualTo("ERROR");
        assertThat(Yamls.at(machine, "Logging", "IncludeExecutionData")).isEqualTo(false);
        var destination = Yamls.map(Yamls.list(Yamls.at(machine, "Logging", "Destinations")).getFirst());
        assertThat(Intrinsic.render(Yamls.at(destination, "CloudWatchLogsLogGroup", "LogGroupArn")))
                .isEqualTo("${StateMachineLogGroup.Arn}");
        assertThat(Yamls.at(machine, "Tracing", "Enabled")).isEqualTo(true);
    }

    @Test
    void everyLogGroupHasARetention() {
        var groups = template.resourcesOfType("AWS::Logs::LogGroup");
        assertThat(groups).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(g -> assertThat(g.properties()).containsKey("RetentionInDays"));
        // every function (SAM's and the plain pre-traffic hook) logs into one of them, not into a group Lambda would
        // create without a retention
        var functions = new java.util.ArrayList<>(template.resourcesOfType("AWS::Serverless::Function"));
        functions.addAll(template.resourcesOfType("AWS::Lambda::Function"));
        var declared = groups.stream().map(g -> g.logicalId()).toList();
        assertThat(functions).isNotEmpty().allSatisfy(f -> assertThat(declared)
                .contains(DeployedStack.logicalIdIn(Yamls.at(f.properties(), "LoggingConfig", "LogGroup"))));
    }
}
