package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import io.orderpipeline.cfn.CfnYaml;
import io.orderpipeline.infra.IamSimulator.Request;

/**
 * #23 §2/§3: deploy/pipeline.yaml as AWS's SAM translator passes it to CloudFormation, with buildspec.yml: the stages
 * in order, artifacts under the pipeline's KMS key, the build image and runtimes pinned, the README's test command
 * with a JDK 21+, JUnit reports into the stack's report groups, and each role allowing exactly the calls
 * src/test/resources/iam/pipeline-calls.yaml declares - no other action of the services involved on anything the
 * pipeline touches (the IAM policy simulator decides).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineStackTest {

    private static final String TEMPLATE = "deploy/pipeline.yaml";
    private static final Set<String> SERVICES = Set.of("s3", "kms", "codebuild", "codepipeline", "codeconnections",
            "cloudformation", "logs", "iam", "states", "dynamodb", "sqs", "cloudwatch");
    private static final Map<String, String> TLS = Map.of("aws:SecureTransport", "true");

    private DeployedStack stack;
    private Map<String, List<RuntimeCalls.Call>> calls;
    private final Map<String, Set<String>> allowed = new LinkedHashMap<>();
    private final List<String> decisions = new ArrayList<>();

    @BeforeAll
    void simulate() throws IOException {
        var declared = Yamls.map(CfnYaml.load(new String(PipelineStackTest.class.getResourceAsStream("/iam/pipeline-calls.yaml")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        var parameters = new LinkedHashMap<String, String>();
        Yamls.map(declared.get("parameters")).forEach((k, v) -> parameters.put(k, String.valueOf(v)));
        stack = SamTranslator.deployed(TEMPLATE, parameters, new AwsNames("us-east-1", "123456789012", "order-pipeline-delivery"));
        calls = new LinkedHashMap<>();
        Yamls.map(declared.get("roles")).forEach((role, list) -> {
            var roleCalls = new ArrayList<RuntimeCalls.Call>();
            for (var entry : Yamls.list(list)) {
                var call = Yamls.map(entry);
                var context = new LinkedHashMap<String, String>();
                Yamls.map(call.get("context")).forEach((k, v) -> context.put(k, String.valueOf(v)));
                roleCalls.add(new RuntimeCalls.Call(String.valueOf(call.get("action")),
                        stack.resolveString(Map.of("Fn::Sub", String.valueOf(call.get("arn")))), role + ": " + call.get("why"),
                        Map.copyOf(context)));
            }
            calls.put(role, roleCalls);
        });
        assertThat(calls.keySet()).as("every role of the pipeline stack has its calls declared")
                .containsExactlyInAnyOrderElementsOf(stack.resourcesOfType("AWS::IAM::Role").stream().map(r -> r.logicalId()).toList());

        var probes = new LinkedHashSet<String>();
        calls.values().forEach(list -> list.forEach(c -> probes.add(c.arn())));
        probes.add("arn:aws:s3:::someone-elses-bucket/file.zip");
        probes.add("arn:aws:s3:::someone-elses-bucket");
        probes.add(stack.names().functionArn("not-ours"));
        probes.add("arn:aws:cloudformation:us-east-1:123456789012:stack/someone-elses-stack/9f8e7d6c-0000-0000-0000-000000000000");
        probes.add("arn:aws:codebuild:us-east-1:123456789012:project/someone-elses-project");
        probes.add("arn:aws:codebuild:us-east-1:123456789012:report-group/someone-elses-reports");
        probes.add("arn:aws:iam::123456789012:role/someone-elses-role");
        probes.add(stack.resolveString(Map.of("Fn::Sub", "arn:aws:codepipeline:us-east-1:123456789012:${Pipeline}")));
        var reference = IamSimulator.run(List.of(), SERVICES, probes);
        var requests = new ArrayList<Request>();
        var owners = new ArrayList<String>();
        for (var role : calls.keySet()) {
            var principal = stack.arn(role);
            var policies = stack.identityPolicies(role);
            for (var arn : probes) {
                var types = IamPolicySimulationTest.authorizedAs(reference.arnTypes().getOrDefault(arn, List.of()));
                for (var action : reference.actions().getOrDefault(arn.split(":")[2], List.of())) {
                    if (action.resourceTypes().stream().anyMatch(types::contains)) {
                        requests.add(new Request(principal, action.action(), arn, TLS, policies, stack.resourcePolicyFor(arn).orElse(null)));
                        owners.add(role);
                    }
                }
            }
            // every declared call as it is made, also where the simulator's ARN patterns do not type the ARN (a log
            // group name holds slashes)
            for (var call : calls.get(role)) {
                var context = new LinkedHashMap<>(TLS);
                context.putAll(call.context());
                requests.add(new Request(principal, call.action(), call.arn(), context, policies,
                        stack.resourcePolicyFor(call.arn()).orElse(null)));
                owners.add(role);
            }
        }
        var results = IamSimulator.run(requests).results();
        for (int i = 0; i < requests.size(); i++) {
            if (!results.get(i).equals("Allowed") && !results.get(i).equals("ImplicitlyDenied")) {
                decisions.add(requests.get(i) + " -> " + results.get(i));
            }
            if (results.get(i).equals("Allowed")) {
                allowed.computeIfAbsent(owners.get(i), r -> new TreeSet<>()).add(requests.get(i).action() + " on " + requests.get(i).resource());
            }
        }
    }

    @Test
    void eachRoleAllowsEveryCallItsServiceMakes() {
        for (var role : calls.keySet()) {
            var granted = allowed.getOrDefault(role, Set.of());
            assertThat(calls.get(role).stream().filter(c -> !granted.contains(c.action() + " on " + c.arn())).toList())
                    .as("calls %s's policies do not allow (simulator said %s)", role, decisions).isEmpty();
        }
    }

    @Test
    void eachRoleAllowsNothingElse() {
        for (var role : calls.keySet()) {
            var extra = new TreeSet<String>();
            for (var granted : allowed.getOrDefault(role, Set.of())) {
                var split = granted.split(" on ", 2);
                if (calls.get(role).stream().noneMatch(c -> c.action().equals(split[0])
                        && IamPolicySimulationTest.sameScope(c.arn(), split[1]))) {
                    extra.add(granted);
                }
            }
            assertThat(extra).as("what %s allows beyond its calls", role).isEmpty();
        }
        assertThat(allowed.values().stream().mapToInt(Set::size).sum()).isGreaterThan(40);
    }

    /** The grants the simulator cannot type an ARN for (see pipeline-calls.yaml), read from the policies. */
    @Test
    void theGrantsTheSimulatorCannotDecideNameExactlyTheirResource() {
        for (var role : Map.of("BuildRole", "BuildLogGroup", "SmokeRole", "SmokeLogGroup").entrySet()) {
            var statement = statement(role.getKey(), "logs:CreateLogStream");
            var group = stack.physicalName(role.getValue());
            assertThat(Yamls.list(statement.get("Action"))).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents");
            assertThat(Yamls.list(statement.get("Resource")).stream().map(stack::resolveString).toList()).containsExactlyInAnyOrder(
                    "arn:aws:logs:us-east-1:123456789012:log-group:" + group, "arn:aws:logs:us-east-1:123456789012:log-group:" + group + ":*");
        }
        var transform = statement("PipelineRole", "cloudformation:CreateChangeSet", "TheSamTransform");
        assertThat(transform.get("Action")).isEqualTo("cloudformation:CreateChangeSet");
        assertThat(stack.resolveString(transform.get("Resource"))).isEqualTo("arn:aws:cloudformation:us-east-1:aws:transform/Serverless-2016-10-31");
    }

    private Map<String, Object> statement(String role, String action, String... sid) {
        var policies = stack.identityPolicies(role);
        return policies.stream().flatMap(p -> Yamls.list(Yamls.at(p.get("policy"), "Statement")).stream()).map(Yamls::map)
                .filter(st -> sid.length == 0 ? Yamls.list(st.get("Action")).contains(action) || action.equals(st.get("Action"))
                        : sid[0].equals(st.get("Sid")))
                .findFirst().orElseThrow(() -> new AssertionError(role + " has no statement for " + action));
    }

    private List<Map<String, Object>> stages() {
        return Yamls.list(stack.resource("Pipeline").property("Stages")).stream().map(Yamls::map).toList();
    }

    private static List<Map<String, Object>> actions(Map<String, Object> stage) {
        return Yamls.list(stage.get("Actions")).stream().map(Yamls::map)
                .sorted(java.util.Comparator.comparingInt(a -> a.get("RunOrder") == null ? 1 : ((Number) a.get("RunOrder")).intValue()))
                .toList();
    }

    private static String provider(Map<String, Object> action) {
        return Yamls.at(action, "ActionTypeId", "Category") + "/" + Yamls.at(action, "ActionTypeId", "Provider");
    }

    @Test
    void sourceBuildDevSmokeApprovalProdInThatOrderWithEncryptedArtifacts() {
        var pipeline = stack.resource("Pipeline");
        assertThat(pipeline.property("PipelineType")).isEqualTo("V2");
        var flow = new ArrayList<String>();
        stages().forEach(stage -> actions(stage).forEach(a -> flow.add(stage.get("Name") + ":" + provider(a))));
        assertThat(flow).containsExactly("Source:Source/CodeStarSourceConnection", "Build:Build/CodeBuild",
                "Dev:Deploy/CloudFormation", "Dev:Test/CodeBuild", "Prod:Approval/Manual", "Prod:Deploy/CloudFormation");
        var source = actions(stages().getFirst()).getFirst();
        assertThat(Yamls.map(source.get("Configuration")).get("ConnectionArn")).isEqualTo(Map.of("Ref", "ConnectionArn"));

        var store = Yamls.map(pipeline.property("ArtifactStore"));
        assertThat(Yamls.at(store, "EncryptionKey", "Type")).isEqualTo("KMS");
        assertThat(stack.resolveString(Yamls.at(store, "EncryptionKey", "Id"))).isEqualTo(stack.arn("ArtifactKey"));
        var encryption = Yamls.map(Yamls.list(Yamls.at(stack.resource("ArtifactBucket").properties(), "BucketEncryption",
                "ServerSideEncryptionConfiguration")).getFirst());
        assertThat(Yamls.at(encryption, "ServerSideEncryptionByDefault", "SSEAlgorithm")).isEqualTo("aws:kms");
        assertThat(stack.resource("ArtifactKey").property("EnableKeyRotation")).isEqualTo(true);
        for (var project : List.of("BuildProject", "SmokeProject")) {
            assertThat(stack.resolveString(stack.resource(project).property("EncryptionKey"))).isEqualTo(stack.arn("ArtifactKey"));
        }
    }

    /** The deploy actions use the build's packaged template and the stage's configuration, written from samconfig.toml. */
    @Test
    void eachStageDeploysItsStackWithItsRoleAndTheParametersSamconfigGivesIt() throws Exception {
        var samconfig = new TomlMapper().readTree(ProjectFiles.resolve("samconfig.toml").toFile());
        var buildspec = Yamls.map(CfnYaml.load(Files.readString(ProjectFiles.resolve("buildspec.yml"))));
        var artifacts = Yamls.list(Yamls.at(buildspec, "artifacts", "files"));
        var builds = String.join("\n", Yamls.list(Yamls.at(buildspec, "phases", "build", "commands")).stream().map(String::valueOf).toList());
        for (var stage : Map.of("Dev", "default", "Prod", "prod").entrySet()) {
            var deploy = actions(stages().stream().filter(s -> s.get("Name").equals(stage.getKey())).findFirst().orElseThrow())
                    .stream().filter(a -> provider(a).equals("Deploy/CloudFormation")).findFirst().orElseThrow();
            var config = Yamls.map(deploy.get("Configuration"));
            assertThat(String.valueOf(config.get("Capabilities"))).contains("CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND");
            assertThat(stack.resolveString(config.get("StackName")))
                    .isEqualTo(samconfig.path(stage.getValue()).path("deploy").path("parameters").path("stack_name").asText());
            assertThat(String.valueOf(config.get("RoleArn"))).contains(stage.getKey() + "CloudFormationRoleArn");
            var file = String.valueOf(config.get("TemplateConfiguration")).replaceFirst("^Packaged::", "");
            assertThat(artifacts).contains(file);
            assertThat(builds).contains("template-configuration.py samconfig.toml " + stage.getValue() + " > " + file);
            assertThat(artifacts).contains(String.valueOf(config.get("TemplatePath")).replaceFirst("^Packaged::", ""));

            // the script writes exactly samconfig's overrides and tags
            var python = ExternalTool.require("python3", "python3 is not installed; the stage configuration was NOT written");
            var result = ExternalTool.run(ProjectFiles.root(), Map.of(), 60,
                    List.of(python.toString(), "deploy/template-configuration.py", "samconfig.toml", stage.getValue()));
            assertThat(result.exitCode()).as(result.output()).isZero();
            var written = AslDefinition.JSON.readTree(result.output());
            var overrides = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(
                    samconfig.path(stage.getValue()).path("deploy").path("parameters").path("parameter_overrides").asText());
            var expected = new LinkedHashMap<String, String>();
            while (overrides.find()) {
                expected.put(overrides.group(1), overrides.group(2));
            }
            assertThat(expected).isNotEmpty();
            expected.forEach((k, v) -> assertThat(written.path("Parameters").path(k).asText(null)).as(k).isEqualTo(v));
            assertThat(written.path("Parameters").size()).isEqualTo(expected.size());
            assertThat(written.path("Tags").path("stage").asText()).isEqualTo(stage.getKey().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Pinned: the image's tag (no "latest") on both projects, JUnit reports into this stack's groups. */
    @Test
    void theBuildIsPinnedAndPublishesTheJUnitReportsIntoTheStacksReportGroups() throws Exception {
        for (var project : List.of("BuildProject", "SmokeProject")) {
            var image = String.valueOf(Yamls.at(stack.resource(project).properties(), "Environment", "Image"));
            assertThat(image).matches("aws/codebuild/[a-z0-9_-]+:\\d+\\.\\d+");
        }
        var buildspec = Yamls.map(CfnYaml.load(Files.readString(ProjectFiles.resolve("buildspec.yml"))));
        var reports = Yamls.map(buildspec.get("reports"));
        var projectName = stack.physicalName("BuildProject");
        var groups = stack.resourcesOfType("AWS::CodeBuild::ReportGroup").stream().map(r -> stack.physicalName(r.logicalId())).toList();
        assertThat(reports.keySet()).allSatisfy(name -> assertThat(groups).contains(projectName + "-" + name));
        var files = new ArrayList<String>();
        reports.values().forEach(r -> {
            assertThat(Yamls.map(r).get("file-format")).isEqualTo("JUNITXML");
            files.addAll(Yamls.list(Yamls.map(r).get("files")).stream().map(String::valueOf).toList());
        });
        assertThat(files).anyMatch(f -> f.contains("surefire-reports")).anyMatch(f -> f.contains("failsafe-reports"));
    }

    @Test
    void theSmokeProjectRunsTheSmokeTestAgainstTheDevStack() throws Exception {
        var smoke = stack.resource("SmokeProject");
        var spec = Yamls.map(CfnYaml.load(Files.readString(ProjectFiles.resolve(String.valueOf(Yamls.at(smoke.properties(), "Source", "BuildSpec"))))));
        var commands = Yamls.list(Yamls.at(spec, "phases", "build", "commands")).stream().map(String::valueOf).toList();
        assertThat(commands).contains("./pipeline smoke --stack \"${SMOKE_STACK}\" --region \"${AWS_REGION}\"");
        var variables = Yamls.list(Yamls.at(smoke.properties(), "Environment", "EnvironmentVariables")).stream().map(Yamls::map).toList();
        assertThat(variables).anySatisfy(v -> {
            assertThat(v.get("Name")).isEqualTo("SMOKE_STACK");
            assertThat(v.get("Value")).isEqualTo(Map.of("Ref", "DevStackName"));
        });
    }
}
