package io.orderpipeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.orderpipeline.cfn.Template;
import io.orderpipeline.cfn.Template.Resource;
import io.orderpipeline.cfn.TemplateResolver;

/**
 * The stack as it would be deployed: the SAM translator's output, its intrinsics resolved with {@link AwsNames} and
 * the given parameter values. Gives the exact ARNs, the roles with their policy documents (inline and AWS managed)
 * and the resource policies that the IAM simulations evaluate.
 */
final class DeployedStack {

    private static final String MANAGED_POLICIES = "/iam/aws-managed-policies.json";

    private final Template template;
    private final TemplateResolver<AwsNames> resolver;

    DeployedStack(Map<String, Object> transformed, Map<String, String> parameters) {
        this(transformed, parameters, AwsNames.DEFAULT);
    }

    /** As a stack named {@code names.stackName()} would be deployed. */
    DeployedStack(Map<String, Object> transformed, Map<String, String> parameters, AwsNames names) {
        this.template = Template.of(transformed, ProjectFiles.root());
        this.resolver = new TemplateResolver<>(template, names, parameters);
    }

    Template template() {
        return template;
    }

    TemplateResolver<AwsNames> resolver() {
        return resolver;
    }

    AwsNames names() {
        return resolver.names();
    }

    Resource resource(String logicalId) {
        return template.findResource(logicalId)
                .orElseThrow(() -> new AssertionError("the transformed template has no resource " + logicalId));
    }

    List<Resource> resourcesOfType(String type) {
        return List.copyOf(template.resourcesOfType(type).values());
    }

    /** The resource's ARN (what {@code Ref} returns for topics, state machines, aliases; {@code Arn} otherwise). */
    String arn(String logicalId) {
        var resource = resource(logicalId);
        return switch (resource.type()) {
            case "AWS::SNS::Topic", "AWS::StepFunctions::StateMachine", "AWS::Lambda::Alias", "AWS::Lambda::Version",
                 "AWS::StepFunctions::StateMachineVersion", "AWS::StepFunctions::StateMachineAlias" ->
                    resolver.resolveString(Map.of("Ref", logicalId));
            default -> resolver.resolveString(Map.of("Fn::GetAtt", List.of(logicalId, "Arn")));
        };
    }

    String resolveString(Object value) {
        return resolver.resolveString(value);
    }

    /** The logical id behind {@code {"Fn::GetAtt": [X, "Arn"]}} or {@code {"Ref": X}}. */
    static String logicalIdIn(Object reference) {
        var intrinsic = Intrinsic.of(reference);
        if (intrinsic == null) {
            throw new AssertionError("expected a Ref or Fn::GetAtt but found " + reference);
        }
        return switch (intrinsic.function()) {
            case "Ref" -> String.valueOf(intrinsic.argument());
            case "Fn::GetAtt" -> String.valueOf(Yamls.list(intrinsic.argument()).getFirst());
            default -> throw new AssertionError("expected a Ref or Fn::GetAtt but found " + reference);
        };
    }

    /** A role's identity policies: its inline policies and the AWS managed policies it attaches, resolved. */
    List<Map<String, Object>> identityPolicies(String roleId) {
        var role = resource(roleId);
        var policies = new ArrayList<Map<String, Object>>();
        for (var policy : Yamls.list(role.property("Policies"))) {
            var declared = Yamls.map(policy);
            policies.add(Map.of("name", String.valueOf(declared.get("PolicyName")),
                    "policy", withVersion(resolver.resolveMap(declared.get("PolicyDocument")))));
        }
        var managed = managedPolicies();
        for (var arn : Yamls.list(role.property("ManagedPolicyArns"))) {
            var document = managed.get(resolveString(arn));
            if (document == null) {
                throw new AssertionError(roleId + " attaches " + resolveString(arn) + ", whose document "
                        + MANAGED_POLICIES + " does not hold: add it (from the AWS managed policy reference) to simulate it");
            }
            policies.add(Map.of("name", resolveString(arn), "policy", document.get("document")));
        }
        return policies;
    }

    private static Map<String, Object> withVersion(Map<String, Object> document) {
        var copy = new LinkedHashMap<String, Object>();
        copy.put("Version", "2012-10-17");
        copy.putAll(document);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> managedPolicies() {
        try (var in = DeployedStack.class.getResourceAsStream(MANAGED_POLICIES)) {
            var all = AslDefinition.JSON.readValue(in, new TypeReference<Map<String, Object>>() { });
            var result = new LinkedHashMap<String, Map<String, Object>>();
            all.forEach((key, value) -> {
                if (key.startsWith("arn:")) {
                    result.put(key, (Map<String, Object>) value);
                }
            });
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service principals a role trusts ({@code lambda.amazonaws.com}, ...). */
    List<String> trustedServices(String roleId) {
        var services = new ArrayList<String>();
        for (var statement : Yamls.list(Yamls.at(resource(roleId).properties(), "AssumeRolePolicyDocument", "Statement"))) {
            Yamls.list(Yamls.at(statement, "Principal", "Service")).forEach(s -> services.add(String.valueOf(s)));
        }
        return services;
    }

    /**
     * The resource policy that governs {@code arn} in this stack (a bucket policy for the bucket and its objects, a
     * queue policy, a topic policy), resolved; empty when none does.
     */
    Optional<Map<String, Object>> resourcePolicyFor(String arn) {
        for (var policy : template.resources().values()) {
            var governs = switch (policy.type()) {
                case "AWS::S3::BucketPolicy" -> {
                    var bucketArn = "arn:aws:s3:::" + resolveString(policy.property("Bucket"));
                    yield arn.equals(bucketArn) || arn.startsWith(bucketArn + "/");
                }
                case "AWS::SQS::QueuePolicy" -> Yamls.list(policy.property("Queues")).stream()
                        .map(q -> names().queueArnOfUrl(resolveString(q))).anyMatch(arn::equals);
                case "AWS::SNS::TopicPolicy" -> Yamls.list(policy.property("Topics")).stream()
                        .map(this::resolveString).anyMatch(arn::equals);
                // a KMS key's own policy must allow every use of it (IAM policies count only where it delegates to them)
                case "AWS::KMS::Key" -> arn.equals(arn(policy.logicalId()));
                default -> false;
            };
            if (governs) {
                return Optional.of(resolver.resolveMap(policy.property(policy.type().equals("AWS::KMS::Key") ? "KeyPolicy" : "PolicyDocument")));
            }
        }
        return Optional.empty();
    }

    /** The ASL definition with the state machine's {@code DefinitionSubstitutions} resolved, as Step Functions runs it. */
    JsonNode definition(String stateMachineId) {
        var substitutions = new LinkedHashMap<String, String>();
        resolver.resolveMap(resource(stateMachineId).property("DefinitionSubstitutions"))
                .forEach((name, value) -> substitutions.put(name, TemplateResolver.scalar(value)));
        try {
            return AslDefinition.JSON.readTree(AslDefinition.load().substituted(substitutions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The physical name CloudFormation gives a resource. */
    String physicalName(String logicalId) {
        return names().physicalName(resource(logicalId), resolver);
    }

    static String readFile(String relative) {
        try {
            return Files.readString(ProjectFiles.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
