package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.orderpipeline.cfn.Template;

/**
 * #21 §5: a trust policy may only test condition keys the assuming service is documented to set; one it does not
 * set fails every AssumeRole (as aws:SourceAccount would have for CloudFormation's execution role). Checked for every
 * role of the stack (as SAM generates it) and of deploy/.
 */
class TrustPolicyConditionsTest {

    /**
     * Per principal, the condition keys AWS documents for it in a trust policy, with the page. Service principals:
     * none - the pages that give their trust policies give them without conditions: CloudFormation
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html), CodePipeline
     * (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-service-role-cli.html), CodeBuild
     * (https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html), CodeDeploy
     * (https://docs.aws.amazon.com/codedeploy/latest/userguide/getting-started-create-service-role.html), and
     * Lambda, Step Functions and EventBridge roles as the SAM translator writes them.
     */
    private static final Map<String, Set<String>> DOCUMENTED = Map.of(
            // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html and GitHub's
            // "Configuring OpenID Connect in Amazon Web Services": audience and subject of the token
            "federated", Set.of("token.actions.githubusercontent.com:aud", "token.actions.githubusercontent.com:sub"));

    private static List<String> violations(Template template, String file) {
        var found = new ArrayList<String>();
        for (var role : template.resourcesOfType("AWS::IAM::Role").values()) {
            for (var statement : Yamls.list(Yamls.at(role.properties(), "AssumeRolePolicyDocument", "Statement"))) {
                var principal = Yamls.map(Yamls.map(statement).get("Principal"));
                var kind = principal.containsKey("Federated") ? "federated" : "service";
                var allowed = DOCUMENTED.getOrDefault(kind, Set.of());
                for (var operator : Yamls.map(Yamls.map(statement).get("Condition")).values()) {
                    for (var key : Yamls.map(operator).keySet()) {
                        if (!allowed.contains(key)) {
                            found.add(file + " " + role.logicalId() + " (" + principal + "): " + key);
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void trustPoliciesTestOnlyKeysTheAssumingServiceIsDocumentedToSet() throws IOException {
        var found = new ArrayList<String>();
        found.addAll(violations(SamTranslator.deployed().template(), "template.yaml (translated)"));
        for (var file : List.of("deploy/cloudformation-role.yaml", "deploy/github-oidc-role.yaml", "deploy/pipeline.yaml")) {
            var path = ProjectFiles.resolve(file);
            if (java.nio.file.Files.exists(path)) {
                found.addAll(violations(Template.load(path), file));
            }
        }
        assertThat(found).isEmpty();
    }

    /** The check reads conditions at all: the GitHub role's documented ones are found and allowed. */
    @Test
    void theGitHubDeployRoleKeepsItsDocumentedTokenConditions() throws IOException {
        var template = Template.load(ProjectFiles.resolve("deploy/github-oidc-role.yaml"));
        var statement = Yamls.map(Yamls.list(Yamls.at(template.resource("DeployRole").properties(),
                "AssumeRolePolicyDocument", "Statement")).getFirst());
        assertThat(Yamls.map(Yamls.at(statement, "Condition", "StringEquals")).keySet())
                .containsExactlyInAnyOrderElementsOf(DOCUMENTED.get("federated"));
    }
}
