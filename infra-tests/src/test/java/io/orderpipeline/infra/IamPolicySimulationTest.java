package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderpipeline.infra.IamSimulator.Request;
import io.orderpipeline.infra.RuntimeCalls.Call;
import io.orderpipeline.infra.RuntimeCalls.RoleUse;

/**
 * The IAM policies of the stack as SAM generates them, evaluated by a real policy simulator on the exact ARNs of a
 * deployment ({@link SamTranslator}, {@link DeployedStack}, {@link IamSimulator}):
 * <ul>
 *   <li>each role allows every call its user makes ({@link RuntimeCalls}: derived from the ASL for the state
 *       machine, declared once in runtime-calls.yaml for the functions) and no other action of the services involved
 *       on any resource of the stack;</li>
 *   <li>CloudWatch may publish this account's alarms to the alarm topic; EventBridge may dead-letter the rule's
 *       events into the rule's queue, and no other rule may;</li>
 *   <li>nothing is allowed without TLS where a resource policy governs the resource.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IamPolicySimulationTest {

    private static final Map<String, String> TLS = Map.of("aws:SecureTransport", "true");
    private static final Map<String, String> NO_TLS = Map.of("aws:SecureTransport", "false");
    /** The services whose actions are probed on the stack's resources: every data-plane service the stack uses. */
    private static final Set<String> SERVICES = Set.of("s3", "sqs", "dynamodb", "lambda", "sns", "states", "events",
            "cloudwatch", "codedeploy");

    private DeployedStack stack;
    private List<RoleUse> uses;
    /** Per role, every (action on ARN) the simulator allowed among all actions of SERVICES on all probe ARNs. */
    private final Map<String, Set<String>> allowed = new LinkedHashMap<>();
    private final Map<String, Set<String>> errors = new LinkedHashMap<>();

    @BeforeAll
    void simulateEveryActionOfEveryRoleOnEveryResource() {
        stack = SamTranslator.deployed();
        uses = RuntimeCalls.of(stack);
        var probes = probeArns();
        uses.forEach(use -> use.calls().stream().filter(c -> !c.arn().equals("*")).forEach(c -> probes.add(c.arn())));
        var reference = IamSimulator.run(List.of(), SERVICES, probes);
        var requests = new ArrayList<Request>();
        var owners = new ArrayList<String>();
        for (var use : uses) {
            var principal = stack.arn(use.roleId());
            var policies = stack.identityPolicies(use.roleId());
            for (var arn : probes) {
                var types = authorizedAs(reference.arnTypes().getOrDefault(arn, List.of()));
                for (var action : reference.actions().getOrDefault(arn.split(":")[2], List.of())) {
                    // only actions that act on this kind of resource (wildcard-only actions name no resource of the stack)
                    if (action.resourceTypes().stream().anyMatch(types::contains)) {
                        requests.add(new Request(principal, action.action(), arn, TLS, policies,
                                stack.resourcePolicyFor(arn).orElse(null)));
                        owners.add(use.roleId());
                    }
                }
            }
        }
        // a call made with condition keys (an s3:prefix) is allowed only with them, and an action with no resource
        // type is authorized on "*" only: ask for each as it is made
        for (var use : uses) {
            for (var call : use.calls()) {
                if (!call.context().isEmpty() || call.arn().equals("*")) {
                    var context = new LinkedHashMap<>(TLS);
                    context.putAll(call.context());
                    requests.add(new Request(stack.arn(use.roleId()), call.action(), call.arn(), context,
                            stack.identityPolicies(use.roleId()), stack.resourcePolicyFor(call.arn()).orElse(null)));
                    owners.add(use.roleId());
                }
            }
        }
        var results = IamSimulator.run(requests).results();
        for (int i = 0; i < requests.size(); i++) {
            var request = requests.get(i);
            var key = request.action() + " on " + request.resource();
            switch (results.get(i)) {
                case "Allowed" -> allowed.computeIfAbsent(owners.get(i), r -> new TreeSet<>()).add(key);
                case "Error" -> errors.computeIfAbsent(owners.get(i), r -> new TreeSet<>()).add(key);
                default -> { }
            }
        }
    }

    /**
     * The resource types a request on an ARN is authorized as. A qualified function ARN (alias, version) is also a
     * function for the actions that take one (Lambda authorizes Invoke on the qualified ARN:
     * https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html), and a Distributed Map's child
     * execution ({@code execution:<machine>/<label>:<id>}) is an execution (the Distributed Map IAM page grants
     * DescribeExecution and StopExecution on {@code execution:<machine>/*}).
     */
    static List<String> authorizedAs(List<String> types) {
        var widened = new ArrayList<>(types);
        if (types.contains("function alias") || types.contains("function version")) {
            widened.add("function");
        }
        if (types.contains("labelled execution")) {
            widened.add("execution");
        }
        // "To authorize a version or an alias to invoke an API action, Step Functions uses the state machine's ARN"
        // (https://docs.aws.amazon.com/step-functions/latest/dg/auth-version-alias.html)
        if (types.contains("statemachinealias") || types.contains("statemachineversion")) {
            widened.add("statemachine");
        }
        return widened;
    }

    /** ARNs of everything in the stack that a role could act on, in the forms the services use. */
    private Set<String> probeArns() {
        var arns = new LinkedHashSet<String>();
        for (var resource : stack.template().resources().values()) {
            var id = resource.logicalId();
            switch (resource.type()) {
                case "AWS::SQS::Queue", "AWS::DynamoDB::Table", "AWS::SNS::Topic", "AWS::Events::Rule", "AWS::CloudWatch::Alarm",
                     "AWS::StepFunctions::StateMachineAlias", "AWS::StepFunctions::StateMachineVersion" -> arns.add(stack.arn(id));
                case "AWS::CodeDeploy::DeploymentGroup" -> arns.add(stack.names().deploymentGroupArn(
                        stack.physicalName(DeployedStack.logicalIdIn(resource.property("ApplicationName"))), stack.physicalName(id)));
                case "AWS::Lambda::Function" -> {
                    arns.add(stack.arn(id));
                    arns.add(stack.arn(id) + ":1");
                }
                case "AWS::Lambda::Alias" -> arns.add(stack.arn(id));
                case "AWS::S3::Bucket" -> {
                    var bucket = stack.arn(id);
                    arns.add(bucket);
                    var rule = UploadRule.of(stack);
                    arns.add(bucket + "/" + rule.keyPrefix() + "2026/11/orders.json");
                    arns.add(bucket + "/map-results/0c0a1b2c-map-run/manifest.json");
                    RuntimeCalls.declaredKeys().forEach(key -> arns.add(bucket + "/" + key));
                    arns.add(bucket + "/elsewhere/orders.json");
                }
                case "AWS::StepFunctions::StateMachine" -> {
                    var name = stack.physicalName(id);
                    arns.add(stack.arn(id));
                    arns.add(stack.names().executionArn(name, "exec-0001"));
                    arns.add(stack.names().executionArn(name + "/map-label", "child-0001"));
                    arns.add(stack.arn(id).replace(":stateMachine:", ":mapRun:") + "/map-label:run-0001");
                }
                default -> { }
            }
        }
        return arns;
    }

    Stream<RoleUse> roles() {
        return uses.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roles")
    void eachRoleAllowsEveryCallItsUserMakes(RoleUse use) {
        var granted = allowed.getOrDefault(use.roleId(), Set.of());
        var missing = use.calls().stream().filter(c -> !granted.contains(c.action() + " on " + c.arn())).toList();
        assertThat(missing).as("calls %s (%s) makes that its role %s does not allow; errors: %s",
                use.usedBy(), use.usedByType(), use.roleId(), errors.getOrDefault(use.roleId(), Set.of())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roles")
    void eachRoleAllowsNothingElseOnTheStacksResources(RoleUse use) {
        var extra = new TreeSet<String>();
        for (var granted : allowed.getOrDefault(use.roleId(), Set.of())) {
            var split = granted.split(" on ", 2);
            if (use.calls().stream().noneMatch(c -> c.action().equals(split[0]) && sameScope(c.arn(), split[1]))) {
                extra.add(granted);
            }
        }
        assertThat(extra).as("what role %s allows beyond the calls of %s %s", use.roleId(), use.usedBy(),
                RuntimeCalls.byAction(use.calls())).isEmpty();
    }

    /**
     * Whether a probed ARN is the one a call names. Object keys are examples of where a call reads or writes: for an
     * S3 object what counts is the bucket and the key's top-level prefix ({@code incoming/}, {@code map-results/}).
     */
    static boolean sameScope(String callArn, String probedArn) {
        if (callArn.equals(probedArn)) {
            return true;
        }
        if (callArn.startsWith("arn:aws:s3:::") && callArn.contains("/") && probedArn.contains("/")) {
            var call = callArn.substring(0, callArn.indexOf('/', callArn.indexOf('/') + 1) + 1);
            var probe = probedArn.substring(0, probedArn.indexOf('/', probedArn.indexOf('/') + 1) + 1);
            return !call.isEmpty() && call.equals(probe);
        }
        return false;
    }

    @Test
    void theSimulationCoveredEveryRoleAndEveryKindOfUser() {
        // Guards the derivations: an empty call list or a simulator that errs on everything would pass vacuously.
        assertThat(uses).extracting(RoleUse::usedByType).contains("AWS::Lambda::Function", "AWS::StepFunctions::StateMachine",
                "AWS::Events::Rule");
        var machine = uses.stream().filter(u -> u.usedByType().equals("AWS::StepFunctions::StateMachine")).findFirst().orElseThrow();
        assertThat(machine.calls()).extracting(Call::action).contains("lambda:InvokeFunction", "dynamodb:PutItem",
                "sqs:SendMessage", "s3:GetObject", "s3:PutObject", "states:StartExecution");
        assertThat(allowed.values().stream().mapToInt(Set::size).sum()).isGreaterThan(10);
    }

    private String decide(Request request) {
        return decideAll(List.of(request)).getFirst();
    }

    private static List<String> decideAll(List<Request> requests) {
        return IamSimulator.run(requests).results();
    }

    private Request asRole(String functionOrMachine, String action, String arn, Map<String, String> context) {
        var use = uses.stream().filter(u -> u.usedBy().equals(functionOrMachine)).findFirst().orElseThrow();
        return new Request(stack.arn(use.roleId()), action, arn, context, stack.identityPolicies(use.roleId()),
                stack.resourcePolicyFor(arn).orElse(null));
    }

    /**
     * INSPECT resolves an event's key (raw or URL-encoded) with HeadObject of the event's version on each candidate:
     * GetObject/GetObjectVersion under incoming/ is enough. Without s3:ListBucket S3 answers a missing candidate with
     * 403, not 404 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html), which INSPECT reads as "not
     * this key"; so no list permission on incoming/ is granted for it.
     */
    @Test
    void theReconcilerReadsAnyKeyUnderIncomingButCannotListThem() {
        var bucket = stack.arn("OrdersBucket");
        var context = new LinkedHashMap<>(TLS);
        context.put("s3:prefix", "incoming/");
        assertThat(decide(asRole("ReconcilerFunction", "s3:ListBucket", bucket, context))).isEqualTo("ImplicitlyDenied");
        for (var action : List.of("s3:GetObject", "s3:GetObjectVersion")) {
            assertThat(decide(asRole("ReconcilerFunction", action, bucket + "/incoming/red flower+café=1.csv", TLS)))
                    .as(action).isEqualTo("Allowed");
        }
    }

    @Test
    void theValidatorCannotWriteTheTableNorTheQueues() {
        assertThat(decide(asRole("ValidatorFunction", "dynamodb:PutItem", stack.arn("OrdersTable"), TLS))).isEqualTo("ImplicitlyDenied");
        assertThat(decide(asRole("ValidatorFunction", "sqs:SendMessage", stack.arn("OrdersDlq"), TLS))).isEqualTo("ImplicitlyDenied");
    }

    /** The alarms that notify the alarm topic, with their ARNs. */
    private Map<String, String> alarmsNotifying(String topicId) {
        var alarms = new LinkedHashMap<String, String>();
        for (var alarm : stack.resourcesOfType("AWS::CloudWatch::Alarm")) {
            var actions = new ArrayList<Object>(Yamls.list(alarm.property("AlarmActions")));
            actions.addAll(Yamls.list(alarm.property("OKActions")));
            if (actions.stream().anyMatch(a -> topicId.equals(DeployedStack.logicalIdIn(a)))) {
                alarms.put(alarm.logicalId(), stack.arn(alarm.logicalId()));
            }
        }
        return alarms;
    }

    private Request cloudWatchPublishing(String alarmArn, String topicArn, Map<String, String> tls) {
        var context = new LinkedHashMap<>(tls);
        context.put("aws:SourceArn", alarmArn);
        context.put("aws:SourceAccount", alarmArn.split(":")[4]);
        return new Request("cloudwatch.amazonaws.com", "sns:Publish", topicArn, context, List.of(),
                stack.resourcePolicyFor(topicArn).orElse(null));
    }

    /**
     * An AWS::SNS::TopicPolicy replaces the topic's default policy, so CloudWatch may publish only if it allows it
     * (an alarm's history then says "not authorized to perform SNS:Publish":
     * https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger).
     */
    @Test
    void cloudWatchMayPublishThisAccountsAlarmsToTheAlarmTopic() {
        var topic = stack.arn("AlarmTopic");
        var alarms = alarmsNotifying("AlarmTopic");
        assertThat(alarms).as("alarms notifying the topic").hasSizeGreaterThanOrEqualTo(7);
        var requests = alarms.values().stream().map(arn -> cloudWatchPublishing(arn, topic, TLS)).toList();
        assertThat(decideAll(requests)).as("CloudWatch publishing %s", alarms.keySet()).containsOnly("Allowed");

        var foreign = "arn:aws:cloudwatch:us-east-1:999988887777:alarm:someone-elses-alarm";
        assertThat(decide(cloudWatchPublishing(foreign, topic, TLS))).as("another account's alarm").isNotEqualTo("Allowed");
        var direct = new Request("arn:aws:iam::999988887777:role/outsider", "sns:Publish", topic, TLS, List.of(),
                stack.resourcePolicyFor(topic).orElse(null));
        assertThat(decide(direct)).as("another account's role").isNotEqualTo("Allowed");
    }

    /** https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html: the queue policy must let the rule send. */
    @Test
    void eventBridgeMayDeadLetterTheRulesEventsIntoItsQueueAndNoOtherRuleMay() {
        var checked = 0;
        for (var rule : stack.resourcesOfType("AWS::Events::Rule")) {
            for (var target : Yamls.list(rule.property("Targets"))) {
                var dlq = Yamls.at(target, "DeadLetterConfig", "Arn");
                if (dlq == null) {
                    continue;
                }
                var queue = stack.resolveString(dlq);
                assertThat(decide(eventBridgeSending(stack.arn(rule.logicalId()), queue, TLS))).as(rule.logicalId()).isEqualTo("Allowed");
                assertThat(decide(eventBridgeSending(stack.names().ruleArn("another-rule"), queue, TLS)))
                        .as("another rule").isNotEqualTo("Allowed");
                checked++;
            }
        }
        assertThat(checked).as("rule targets with a dead-letter queue").isPositive();
    }

    private Request eventBridgeSending(String ruleArn, String queueArn, Map<String, String> tls) {
        var context = new LinkedHashMap<>(tls);
        context.put("aws:SourceArn", ruleArn);
        context.put("aws:SourceAccount", AwsNames.DEFAULT.accountId());
        return new Request("events.amazonaws.com", "sqs:SendMessage", queueArn, context, List.of(),
                stack.resourcePolicyFor(queueArn).orElse(null));
    }

    /** Every bucket, queue and topic refuses requests without TLS, whoever makes them and whatever else allows them. */
    @Test
    void nothingIsAllowedWithoutTls() {
        for (var type : List.of("AWS::S3::Bucket", "AWS::SQS::Queue", "AWS::SNS::Topic")) {
            for (var resource : stack.resourcesOfType(type)) {
                assertThat(stack.resourcePolicyFor(stack.arn(resource.logicalId())))
                        .as("a resource policy governing %s", resource.logicalId()).isPresent();
            }
        }
        var requests = new ArrayList<Request>();
        for (var use : uses) {
            for (var call : use.calls()) {
                if (stack.resourcePolicyFor(call.arn()).isPresent()) {
                    requests.add(asRole(use.usedBy(), call.action(), call.arn(), NO_TLS));
                }
            }
        }
        alarmsNotifying("AlarmTopic").values().forEach(alarm -> requests.add(cloudWatchPublishing(alarm, stack.arn("AlarmTopic"), NO_TLS)));
        var decisions = decideAll(requests);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(decisions.get(i)).as("%s without TLS", requests.get(i)).isEqualTo("ExplicitlyDenied");
        }
        assertThat(requests.size()).isGreaterThan(5);
    }
}
