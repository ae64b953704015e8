package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.orderpipeline.cfn.Template;

/**
 * ./pipeline smoke runs with the CodePipeline smoke role (deploy/pipeline.yaml) or the GitHub dev deploy role
 * (deploy/github-oidc-role.yaml): both must allow the same, on the same dev stack, and prod's role nothing of it.
 */
class SmokeTestPermissionsTest {

    private static final AwsNames NAMES = new AwsNames("us-east-1", "123456789012", "roles");

    private static List<Object> statements(Object policies, DeployedStack stack, String policyName) {
        var found = new ArrayList<Object>();
        for (var policy : Yamls.list(stack.resolver().resolve(policies))) {
            var declared = Yamls.map(policy);
            if (policyName.equals(declared.get("PolicyName"))) {
                found.addAll(Yamls.list(Yamls.at(declared, "PolicyDocument", "Statement")));
            }
        }
        return found;
    }

    private static DeployedStack github(String environment) throws IOException {
        return new DeployedStack(Template.load(ProjectFiles.resolve("deploy/github-oidc-role.yaml")).root(),
                Map.of("GitHubRepository", "example-org/order-pipeline", "GitHubEnvironment", environment,
                        "StackName", environment.equals("dev") ? "order-pipeline" : "order-pipeline-prod",
                        "CloudFormationRoleArn", "arn:aws:iam::123456789012:role/cfn"), NAMES);
    }

    @Test
    void theCodePipelineSmokeRoleAndTheGitHubDevRoleAllowTheSameOnTheDevStack() throws IOException {
        var pipeline = new DeployedStack(Template.load(ProjectFiles.resolve("deploy/pipeline.yaml")).root(),
                Map.of("DevStackName", "order-pipeline"), NAMES);
        var smoke = statements(pipeline.resource("SmokeRole").property("Policies"), pipeline, "smoke-test-the-dev-stack");
        var dev = github("dev");
        var devStatements = statements(dev.resource("DeployRole").property("Policies"), dev, "smoke-test-the-dev-stack");
        assertThat(devStatements).isNotEmpty();
        // the pipeline's role also writes its build log and reads the source artifact: the smoke statements are the rest
        var smokeOnly = smoke.stream().filter(s -> !List.of("WriteTheSmokeLog", "ReadTheSource", "UseTheArtifactKey")
                .contains(Yamls.map(s).get("Sid"))).toList();
        assertThat(pipeline.resolver().resolve(smokeOnly)).isEqualTo(dev.resolver().resolve(devStatements));
    }

    @Test
    void theProdDeployRoleGetsNoSmokeTestPermissions() throws IOException {
        var prod = github("prod");
        assertThat(statements(prod.resource("DeployRole").property("Policies"), prod, "smoke-test-the-dev-stack")).isEmpty();
    }
}
