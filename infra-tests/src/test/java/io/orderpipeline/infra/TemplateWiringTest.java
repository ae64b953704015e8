package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** References, alarms, dashboard and outputs: the parts of the template no other test reads. */
class TemplateWiringTest {

    private final SamTemplate template = SamTemplate.load();

    /** Names SAM creates from a function or state machine (alias, role, event rules), usable in !Ref / !GetAtt / !Sub. */
    private Set<String> referenceable() {
        var names = new HashSet<String>();
        names.addAll(template.parameters().keySet());
        for (var resource : template.resources().values()) {
            names.add(resource.logicalId());
            if (resource.type().equals("AWS::Serverless::Function")) {
                names.add(resource.logicalId() + ".Alias");
                names.add(resource.logicalId() + ".Version");
            }
            if (resource.type().equals("AWS::Serverless::StateMachine") && resource.properties().get("AutoPublishAlias") != null) {
                names.add(resource.logicalId() + "Alias" + resource.properties().get("AutoPublishAlias"));
            }
            if (resource.type().startsWith("AWS::Serverless::")) {
                names.add(resource.logicalId() + "Role");
                Yamls.map(resource.properties().get("Events")).keySet().forEach(event -> names.add(resource.logicalId() + event));
            }
        }
        return names;
    }

    @Test
    void everyReferenceNamesAParameterOrResource() {
        var known = referenceable();
        for (var section : new String[] {"Resources", "Outputs", "Conditions", "Globals"}) {
            var refs = Intrinsic.references(template.section(section));
            assertThat(known).as("names referenced in %s", section).containsAll(refs);
        }
    }

    @Test
    void everyConditionUsedIsDeclared() {
        var declared = template.conditions().keySet();
        for (var resource : template.resources().values()) {
            var condition = resource.definition().get("Condition");
            if (condition != null) {
                assertThat(declared).contains(String.valueOf(condition));
            }
        }
    }

    @Test
    void alarmEmailSubscriptionExistsOnlyWhenAnAddressIsGiven() {
        var subscription = template.resource("AlarmEmailSubscription");
        assertThat(subscription.definition().get("Condition")).isEqualTo("HasAlarmEmail");
        var condition = Intrinsic.of(template.conditions().get("HasAlarmEmail"));
        assertThat(condition.function()).isEqualTo("Fn::Not");
        var equals = Intrinsic.of(Yamls.list(condition.argument()).getFirst());
        assertThat(equals.function()).isEqualTo("Fn::Equals");
        assertThat(Yamls.list(equals.argument())).containsExactly(Map.of("Ref", "AlarmEmail"), "");
        assertThat(Intrinsic.of(subscription.properties().get("Endpoint"))).isEqualTo(new Intrinsic("Ref", "AlarmEmail"));
        assertThat(template.parameters().get("AlarmEmail")).isInstanceOf(Map.class);
        assertThat(Yamls.map(template.parameters().get("AlarmEmail")).get("Default")).isEqualTo("");
    }

    /** An alarm on {@code metric} whose dimension names {@code target}, sending to the alarm topic. */
    private void assertAlarm(String namespace, String metric, String target, String comparison, Number threshold) {
        var match = template.resourcesOfType("AWS::CloudWatch::Alarm").stream()
                .filter(a -> namespace.equals(a.properties().get("Namespace")) && metric.equals(a.properties().get("MetricName")))
                .filter(a -> Intrinsic.references(a.properties().get("Dimensions")).contains(target))
                .findFirst();
        assertThat(match).as("alarm on %s %s of %s", namespace, metric, target).isPresent();
        var alarm = match.get().properties();
        assertThat(alarm.get("ComparisonOperator")).isEqualTo(comparison);
        assertThat(((Number) alarm.get("Threshold")).doubleValue()).isEqualTo(threshold.doubleValue());
        assertThat(Yamls.list(alarm.get("AlarmActions"))).contains(Map.of("Ref", "AlarmTopic"));
        assertThat(alarm.get("TreatMissingData")).isEqualTo("notBreaching");
    }

    @Test
    void uploadEventsThatCannotStartAnExecutionAreKeptAndAlarmed() {
        var event = Yamls.map(Yamls.at(template.resource("OrderPipelineStateMachine").properties(),
                "Events", "OrderFileCreated", "Properties"));
        assertThat(Intrinsic.render(Yamls.at(event, "DeadLetterConfig", "Arn"))).isEqualTo("${OrderFileEventsDlq.Arn}");
        assertThat(template.resource("OrderFileEventsDlq").properties().get("SqsManagedSseEnabled")).isEqualTo(true);

        var policy = template.resource("OrderFileEventsDlqPolicy").properties();
        assertThat(Yamls.list(policy.get("Queues"))).containsExactly(Map.of("Ref", "OrderFileEventsDlq"));
        var statements = Yamls.list(Yamls.at(policy, "PolicyDocument", "Statement")).stream().map(Yamls::map).toList();
        var allow = statements.stream().filter(st -> "Allow".equals(st.get("Effect"))).findFirst().orElseThrow();
        assertThat(Yamls.at(allow, "Principal", "Service")).isEqualTo("events.amazonaws.com");
        assertThat(allow.get("Action")).isEqualTo("sqs:SendMessage");
        // only the pipeline's own rule (the one SAM generates for the OrderFileCreated event) may write there
        assertThat(Intrinsic.render(Yamls.at(allow, "Condition", "ArnEquals", "aws:SourceArn")))
                .isEqualTo("${OrderPipelineStateMachineOrderFileCreated.Arn}");
        assertThat(statements).anyMatch(st -> "Deny".equals(st.get("Effect"))
                && "false".equals(Yamls.at(st, "Condition", "Bool", "aws:SecureTransport")));
        // a queue takes one policy: no other policy may name this queue and silently replace it
        assertThat(template.resourcesOfType("AWS::SQS::QueuePolicy")).filteredOn(p -> !p.logicalId().equals("OrderFileEventsDlqPolicy"))
                .allSatisfy(p -> assertThat(Intrinsic.references(p.properties().get("Queues"))).doesNotContain("OrderFileEventsDlq"));
    }

    @Test
    void operatorsAreAlertedWhenOrdersNeedAttention() {
        // the queues' alarms (metric math over visible and in-flight messages): DlqAlarmsTest
        assertAlarm("AWS/States", "ExecutionsFailed", "OrderPipelineStateMachine", "GreaterThanThreshold", 0);
        assertAlarm("AWS/Lambda", "Errors", "ValidatorFunction", "GreaterThanThreshold", 0);
        assertAlarm("AWS/Lambda", "Errors", "RedriveFunction", "GreaterThanThreshold", 0);
    }

    @Test
    void dashboardBodyIsValidJsonAndShowsEveryComponent() throws Exception {
        var body = Intrinsic.of(template.resource("OrderPipelineDashboard").properties().get("DashboardBody"));
        assertThat(body.function()).isEqualTo("Fn::Sub");
        var text = String.valueOf(body.argument());
        var json = Pattern.compile("\\$\\{[^}]+}").matcher(text).replaceAll("x");
        var widgets = AslDefinition.JSON.readTree(json).path("widgets");
        assertThat(widgets.size()).isGreaterThanOrEqualTo(5);
        assertThat(Intrinsic.subVariables(text)).contains("OrderPipelineStateMachine", "ValidatorFunction", "RedriveFunction",
                "OrdersDlq.QueueName", "OrdersParkingQueue.QueueName", "OrdersTable");
        assertThat(referenceable()).containsAll(Intrinsic.references(body));
    }

    @Test
    void outputsTellAUserWhereEverythingIs() {
        assertThat(template.outputs().keySet()).contains("OrdersBucketName", "UploadPrefix", "OrdersTableName",
                "OrdersDlqUrl", "OrdersParkingQueueUrl", "StateMachineArn", "ValidatorFunctionName",
                "ValidatorFunctionAliasArn", "RedriveFunctionName", "DashboardUrl");
        assertThat(Intrinsic.render(Yamls.map(template.outputs().get("UploadPrefix")).get("Value")))
                .isEqualTo("s3://${OrdersBucket}/" + EventPatternTest.uploadPrefix());
    }

    @Test
    void parameterBoundsKeepABatchUnderTheStepFunctionsPayloadLimit() {
        // The validator's output is at most 1.71x its input for orders shaped by the contract, as measured end to end
        // at the template's maxima by local-pipeline BatchBoundsIT (which fails when the bound is raised to 192 KiB),
        // and must fit in the validator's output cap (256 KiB less 8 KiB for the Lambda result and the Assign).
        var maxBytes = ((Number) Yamls.map(template.parameters().get("MaxInputBytesPerBatch")).get("MaxValue")).doubleValue();
        assertThat(maxBytes * 1.71).isLessThan(262_144 - 8_192);
        var items = Yamls.map(template.parameters().get("MaxItemsPerBatch"));
        // the defaults are the measured maxima: fewer children, fewer transitions (docs/performance.md §5)
        assertThat(items.get("Default")).isEqualTo(items.get("MaxValue"));
        assertThat(Yamls.map(template.parameters().get("MaxInputBytesPerBatch")).get("Default")).isEqualTo((int) maxBytes);
        assertThat(items.get("MinValue")).isEqualTo(1);
        assertThat(items.get("MaxValue")).isEqualTo(200);
        var concurrency = Yamls.map(template.parameters().get("MaxConcurrency"));
        assertThat(concurrency.get("MinValue")).isEqualTo(1);
        assertThat(concurrency.get("MaxValue")).isEqualTo(1000);
    }
}
