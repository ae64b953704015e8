package io.orderpipeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderpipeline.cfn.CfnYaml;

/**
 * What every IAM role of the deployed stack is used for, as calls on exact ARNs:
 * <ul>
 *   <li>a Lambda function's role: the calls {@code src/test/resources/iam/runtime-calls.yaml} declares for it;</li>
 *   <li>the state machine's role: derived from the ASL definition (each Task integration, ItemReader, ResultWriter
 *       and Distributed Map), with the {@code DefinitionSubstitutions} resolved;</li>
 *   <li>an EventBridge rule target's role: starting the target;</li>
 *   <li>the CodeDeploy role of the functions' deployment groups: what a Lambda deployment does
 *       ({@link #codeDeploy}).</li>
 * </ul>
 */
final class RuntimeCalls {

    /**
     * One call a principal makes: an IAM action on an exact ARN, and what makes it; {@code context} holds the request's
     * condition keys beyond TLS (for example {@code s3:prefix} for a ListObjectsV2 with a prefix).
     */
    record Call(String action, String arn, String why, Map<String, String> context) {
        Call(String action, String arn, String why) {
            this(action, arn, why, Map.of());
        }

        @Override
        public String toString() {
            return action + " on " + arn + " (" + why + ")";
        }
    }

    /** Who uses a role: the resource whose code or definition makes the calls. */
    record RoleUse(String roleId, String usedBy, String usedByType, List<Call> calls) {
    }

    private static final String DECLARED = "/iam/runtime-calls.yaml";
    private static final Pattern INTEGRATION = Pattern.compile(
            "^arn:aws:states:::(?:(aws-sdk):)?([a-z0-9-]+):([A-Za-z0-9]+)(?:\\.(sync|waitForTaskToken))?(?::\\d+)?$");

    private RuntimeCalls() {
    }

    /** Every role of the stack with the calls its user makes; a role nobody (known) uses fails loudly. */
    static List<RoleUse> of(DeployedStack stack) {
        var uses = new ArrayList<RoleUse>();
        for (var role : stack.resourcesOfType("AWS::IAM::Role")) {
            uses.add(useOf(stack, role.logicalId()));
        }
        return uses;
    }

    private static RoleUse useOf(DeployedStack stack, String roleId) {
        for (var function : stack.resourcesOfType("AWS::Lambda::Function")) {
            if (roleId.equals(DeployedStack.logicalIdIn(function.property("Role")))) {
                return new RoleUse(roleId, function.logicalId(), function.type(), declared(stack, function.logicalId()));
            }
        }
        for (var machine : stack.resourcesOfType("AWS::StepFunctions::StateMachine")) {
            if (roleId.equals(DeployedStack.logicalIdIn(machine.property("RoleArn")))) {
                return new RoleUse(roleId, machine.logicalId(), machine.type(), stateMachine(stack, machine.logicalId()));
            }
        }
        for (var rule : stack.resourcesOfType("AWS::Events::Rule")) {
            for (var target : Yamls.list(rule.property("Targets"))) {
                var declared = Yamls.map(target);
                if (declared.get("RoleArn") != null && roleId.equals(DeployedStack.logicalIdIn(declared.get("RoleArn")))) {
                    var targetArn = stack.resolveString(declared.get("Arn"));
                    var action = targetArn.contains(":states:") ? "states:StartExecution"
                            : targetArn.contains(":lambda:") ? "lambda:InvokeFunction"
                            : failUnknown("rule target " + targetArn);
                    return new RoleUse(roleId, rule.logicalId(), rule.type(),
                            List.of(new Call(action, targetArn, "the rule delivers a matching event")));
                }
            }
        }
        var groups = stack.resourcesOfType("AWS::CodeDeploy::DeploymentGroup").stream()
                .filter(g -> g.property("ServiceRoleArn") != null && roleId.equals(DeployedStack.logicalIdIn(g.property("ServiceRoleArn"))))
                .toList();
        if (!groups.isEmpty()) {
            var calls = new ArrayList<Call>();
            groups.forEach(group -> calls.addAll(codeDeploy(stack, group.logicalId())));
            return new RoleUse(roleId, groups.getFirst().logicalId(), "AWS::CodeDeploy::DeploymentGroup",
                    calls.stream().distinct().toList());
        }
        throw new AssertionError("no function, state machine, rule or deployment group uses role " + roleId + ": what is it for?");
    }

    /**
     * What CodeDeploy does for one Lambda deployment group, as AWSCodeDeployRoleForLambda grants it
     * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRoleForLambda.html): reads and
     * moves the alias whose {@code CodeDeployLambdaAliasUpdate} names the group (GetAlias and UpdateAlias act on the
     * function), reads the group's alarms and invokes its hooks. No
     * S3 (CloudFormation hands CodeDeploy the AppSpec itself) and no SNS (no triggers).
     */
    static List<Call> codeDeploy(DeployedStack stack, String groupId) {
        var calls = new ArrayList<Call>();
        var group = stack.resource(groupId);
        for (var alias : stack.resourcesOfType("AWS::Lambda::Alias")) {
            var update = Yamls.map(Yamls.at(alias.definition(), "UpdatePolicy", "CodeDeployLambdaAliasUpdate"));
            if (update.isEmpty() || !groupId.equals(DeployedStack.logicalIdIn(update.get("DeploymentGroupName")))) {
                continue;
            }
            var function = DeployedStack.logicalIdIn(alias.property("FunctionName"));
            var why = groupId + " shifts " + alias.logicalId();
            calls.add(new Call("lambda:GetAlias", stack.arn(function), why));
            calls.add(new Call("lambda:UpdateAlias", stack.arn(function), why));
            // lambda:GetProvisionedConcurrencyConfig on the alias too: the simulator cannot decide it (an alias ARN
            // also matches the version ARN pattern: "multiple.resource.types"); GradualDeploymentTest reads that grant.
            for (var hook : List.of("BeforeAllowTrafficHook", "AfterAllowTrafficHook")) {
                if (update.get(hook) != null) {
                    calls.add(new Call("lambda:InvokeFunction", stack.arn(DeployedStack.logicalIdIn(update.get(hook))),
                            groupId + " runs its " + hook));
                }
            }
        }
        if (calls.isEmpty()) {
            throw new AssertionError("no alias is deployed through " + groupId);
        }
        for (var alarm : Yamls.list(Yamls.at(group.properties(), "AlarmConfiguration", "Alarms"))) {
            var alarmId = DeployedStack.logicalIdIn(Yamls.map(alarm).get("Name"));
            calls.add(new Call("cloudwatch:DescribeAlarms", stack.arn(alarmId), groupId + " watches " + alarmId));
        }
        return calls;
    }

    private static String failUnknown(String what) {
        throw new AssertionError("RuntimeCalls does not know " + what + ": teach it which call that makes");
    }

    /** The calls runtime-calls.yaml declares for a function. */
    static List<Call> declared(DeployedStack stack, String functionId) {
        var functions = Yamls.map(declaredFile().get("functions"));
        if (!functions.containsKey(functionId)) {
            throw new AssertionError(DECLARED + " declares no calls for " + functionId
                    + ": list what its code calls (an empty list if nothing)");
        }
        var calls = new ArrayList<Call>();
        for (var entry : Yamls.list(functions.get(functionId))) {
            var call = Yamls.map(entry);
            var resource = String.valueOf(call.get("resource"));
            var arn = switch (resource) {
                case "*" -> "*"; // an action the Service Authorization Reference names no resource type for
                default -> resource.endsWith(".Version") ? stack.arn(versionOf(stack, resource.substring(0, resource.length() - 8)))
                        : stack.arn(resource);
            };
            if (call.get("key") != null) {
                arn = arn + "/" + call.get("key");
            }
            var context = new LinkedHashMap<String, String>();
            if (call.get("context") != null) {
                Yamls.map(call.get("context")).forEach((k, v) -> context.put(k, String.valueOf(v)));
            }
            calls.add(new Call(String.valueOf(call.get("action")), arn, functionId + ": " + call.get("why"),
                    Map.copyOf(context)));
        }
        return calls;
    }

    /** The AWS::Lambda::Version SAM publishes for a function ({@code X.Version} in a template). */
    static String versionOf(DeployedStack stack, String functionId) {
        var versions = stack.resourcesOfType("AWS::Lambda::Version").stream()
                .filter(v -> functionId.equals(DeployedStack.logicalIdIn(v.property("FunctionName")))).toList();
        if (versions.size() != 1) {
            throw new AssertionError(functionId + " has " + versions.size() + " versions; expected one");
        }
        return versions.getFirst().logicalId();
    }

    static Map<String, Object> declaredFile() {
        try (var in = RuntimeCalls.class.getResourceAsStream(DECLARED)) {
            return Yamls.map(CfnYaml.load(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every object key the stack's code and definition use, for probing bucket prefixes. */
    static Set<String> declaredKeys() {
        var keys = new LinkedHashSet<String>();
        Yamls.map(declaredFile().get("functions")).values().forEach(list -> Yamls.list(list).forEach(entry -> {
            var key = Yamls.map(entry).get("key");
            if (key != null) {
                keys.add(String.valueOf(key));
            }
        }));
        return keys;
    }

    /**
     * The calls the state machine's definition makes. Sources: the optimized integrations' IAM pages
     * (https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html) and the Distributed
     * Map's (https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html): a Distributed Map
     * starts its child workflows (states:StartExecution on its own state machine) and describes and stops them
     * (child execution ARNs are {@code execution:<state machine>/<map run label>:<child id>}); its S3 ItemReader
     * calls GetObject (GetObjectVersion as well when it passes a VersionId,
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html); its ResultWriter writes with PutObject,
     * GetObject, ListMultipartUploadParts and AbortMultipartUpload.
     */
    static List<Call> stateMachine(DeployedStack stack, String machineId) {
        var definition = stack.definition(machineId);
        var name = stack.physicalName(machineId);
        var calls = new ArrayList<Call>();
        var states = new ArrayList<AslDefinition.State>();
        AslDefinition.collect(definition, null, states);
        for (var state : states) {
            var body = state.body();
            if (state.type().equals("Task")) {
                calls.add(task(stack, state.name(), body));
            }
            if (body.has("ItemReader")) {
                calls.addAll(itemReader(stack, state.name(), body.get("ItemReader")));
            }
            if (body.has("ResultWriter")) {
                var writer = body.get("ResultWriter");
                // a per-execution prefix (Prefix.$ = States.Format('map-results/{}', $$.Execution.Name)) writes
                // under its literal start
                var dynamic = writer.path("Parameters").path("Prefix.$").asText();
                var prefix = (dynamic.startsWith("States.Format('")
                        ? dynamic.substring("States.Format('".length(), dynamic.indexOf("{}")) + "exec-0001"
                        : writer.path("Parameters").path("Prefix").asText()).replaceFirst("/*$", "/");
                var object = s3Object(staticField(state.name(), writer.path("Parameters"), "Bucket"),
                        prefix + "0c0a1b2c-map-run/manifest.json");
                for (var action : List.of("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload")) {
                    calls.add(new Call(action, object, state.name() + ".ResultWriter"));
                }
            }
            if ("DISTRIBUTED".equals(body.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText())) {
                calls.add(new Call("states:StartExecution", stack.names().stateMachineArn(name), state.name() + " child workflows"));
                var child = stack.names().executionArn(name + "/map-label", "child-0001"); // the label is chosen at run time
                calls.add(new Call("states:DescribeExecution", child, state.name() + " child workflows"));
                calls.add(new Call("states:StopExecution", child, state.name() + " child workflows"));
            }
        }
        return calls.stream().distinct().toList();
    }

    private static Call task(DeployedStack stack, String state, JsonNode body) {
        var resource = body.path("Resource").asText();
        var m = INTEGRATION.matcher(resource);
        if (!m.matches()) {
            return new Call(failUnknown("Task resource " + resource + " of " + state), "", state);
        }
        var service = m.group(2);
        var api = m.group(3);
        var params = body.path("Parameters");
        var action = service + ":" + api.substring(0, 1).toUpperCase(Locale.ROOT) + api.substring(1);
        return switch (m.group(1) == null ? service + ":" + api : "aws-sdk:" + service + ":" + api) {
            case "lambda:invoke" -> {
                var function = staticField(state, params, "FunctionName");
                yield new Call("lambda:InvokeFunction",
                        function.startsWith("arn:") ? function : stack.names().functionArn(function), state);
            }
            case "dynamodb:putItem", "dynamodb:getItem", "dynamodb:updateItem", "dynamodb:deleteItem" ->
                    new Call(action, stack.names().tableArn(staticField(state, params, "TableName")), state);
            case "sqs:sendMessage" ->
                    new Call("sqs:SendMessage", stack.names().queueArnOfUrl(staticField(state, params, "QueueUrl")), state);
            case "sns:publish" -> new Call("sns:Publish", staticField(state, params, "TopicArn"), state);
            case "aws-sdk:s3:getObject", "aws-sdk:s3:putObject", "aws-sdk:s3:headObject" -> new Call(
                    api.equals("headObject") ? "s3:GetObject" : action,
                    s3Object(staticField(state, params, "Bucket"), staticField(state, params, "Key")), state);
            default -> new Call(failUnknown("integration " + resource + " of " + state), "", state);
        };
    }

    private static List<Call> itemReader(DeployedStack stack, String state, JsonNode reader) {
        var resource = reader.path("Resource").asText();
        if (!resource.equals("arn:aws:states:::s3:getObject")) {
            failUnknown("ItemReader " + resource + " of " + state);
        }
        var params = reader.path("Parameters");
        // The bucket and key come from the execution input: the EventBridge rule only starts executions for objects
        // of the bucket its pattern names, under the key prefix its pattern names.
        var rule = UploadRule.of(stack);
        var bucket = params.has("Bucket") ? params.get("Bucket").asText() : rule.bucket();
        var key = params.has("Key") ? params.get("Key").asText() : rule.keyPrefix() + "2026/11/orders.json";
        var calls = new ArrayList<Call>();
        calls.add(new Call("s3:GetObject", s3Object(bucket, key), state + ".ItemReader"));
        if (params.has("VersionId") || params.has("VersionId.$")) {
            calls.add(new Call("s3:GetObjectVersion", s3Object(bucket, key), state + ".ItemReader (VersionId)"));
        }
        return calls;
    }

    private static String staticField(String state, JsonNode params, String field) {
        if (!params.has(field)) {
            throw new AssertionError(state + " sets its " + field + " from the state input (" + field + ".$): "
                    + "RuntimeCalls cannot tell which resource that is; teach it");
        }
        return params.get(field).asText();
    }

    static String s3Object(String bucket, String key) {
        return "arn:aws:s3:::" + bucket + "/" + key;
    }

    /** Calls as a map of action to ARNs, for messages. */
    static Map<String, List<String>> byAction(List<Call> calls) {
        var map = new LinkedHashMap<String, List<String>>();
        calls.forEach(c -> map.computeIfAbsent(c.action(), a -> new ArrayList<>()).add(c.arn()));
        return map;
    }
}
