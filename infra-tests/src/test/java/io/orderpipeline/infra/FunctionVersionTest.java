package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * #12 §2: with {@code AutoPublishAlias}, a deploy that changes a function's configuration must publish a new version
 * and move the alias the state machine invokes to it; otherwise {@code sam deploy --parameter-overrides LogLevel=DEBUG}
 * changes $LATEST and nothing that runs. Proved on the real SAM translator's output for two values of each parameter:
 * a new version is published when the {@code AWS::Lambda::Version}'s logical id changes (SAM hashes the function's
 * code location and, unresolved, its Environment, MemorySize and SnapStart: samtranslator
 * {@code SamFunction._construct_version}; aws/serverless-application-model#1640, #3820) or when one of its
 * create-only properties changes value (CloudFormation then replaces it, i.e. publishes again; the create-only list is
 * AWS's resource provider schema for AWS::Lambda::Version, as bundled with cfn-lint).
 */
class FunctionVersionTest {

    private static final SamTemplate TEMPLATE = SamTemplate.load();
    /** A second value for parameters whose declaration does not name one (no AllowedValues, Min/MaxValue). */
    private static final Map<String, String> SECOND_VALUE = Map.of("AlarmEmail", "ops@example.com");
    /**
     * Function properties that are not part of a published version: tags apply to the function with all its
     * versions and aliases (https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html); the
     * DeploymentPreference configures CodeDeploy's deployment group, i.e. how the alias moves, not what runs.
     */
    private static final Set<String> UNVERSIONED = Set.of("Tags", "DeploymentPreference");

    /** The template parameters {@code value} depends on, through Ref / Sub / GetAtt, conditions and mappings. */
    static Set<String> parametersBehind(Object value) {
        var found = new LinkedHashSet<String>();
        collect(value, found);
        return found;
    }

    private static void collect(Object value, Set<String> found) {
        var parameters = TEMPLATE.parameters().keySet();
        for (var name : Intrinsic.references(value)) {
            if (parameters.contains(name)) {
                found.add(name);
            }
        }
        var intrinsic = Intrinsic.of(value);
        if (intrinsic != null && intrinsic.function().equals("Fn::If")) {
            collect(TEMPLATE.conditions().get(String.valueOf(Yamls.list(intrinsic.argument()).getFirst())), found);
        }
        if (intrinsic != null && intrinsic.function().equals("Condition")) {
            collect(TEMPLATE.conditions().get(String.valueOf(intrinsic.argument())), found);
        }
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, found));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, found));
        }
    }

    /** The parameters that change what a function runs with: Globals.Function merged with its own properties. */
    static Set<String> functionAffecting(String functionId) {
        var properties = new HashMap<String, Object>(merged(TEMPLATE.template().globalsFor("Function"),
                TEMPLATE.resource(functionId).properties()));
        UNVERSIONED.forEach(properties::remove);
        return parametersBehind(properties);
    }

    /**
     * Globals under the resource's own properties as SAM merges them: maps key by key (Environment.Variables of both),
     * otherwise the resource's value wins (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html).
     */
    private static Map<String, Object> merged(Map<String, Object> globals, Map<String, Object> own) {
        var result = new LinkedHashMap<String, Object>(globals);
        own.forEach((key, value) -> {
            var global = result.get(key);
            result.put(key, global instanceof Map<?, ?> g && value instanceof Map<?, ?> o && Intrinsic.of(value) == null
                    ? merged(Yamls.map(g), Yamls.map(o)) : value);
        });
        return result;
    }

    static String secondValue(String parameter) {
        var declaration = Yamls.map(TEMPLATE.parameters().get(parameter));
        var current = String.valueOf(declaration.get("Default"));
        if (declaration.get("AllowedValues") != null) {
            return Yamls.list(declaration.get("AllowedValues")).stream().map(String::valueOf)
                    .filter(v -> !v.equals(current)).findFirst().orElseThrow();
        }
        if (declaration.get("MinValue") != null) {
            var min = String.valueOf(declaration.get("MinValue"));
            return min.equals(current) ? String.valueOf(declaration.get("MaxValue")) : min;
        }
        var second = SECOND_VALUE.get(parameter);
        if (second == null) {
            throw new AssertionError("give parameter " + parameter + " a second value in FunctionVersionTest.SECOND_VALUE");
        }
        return second;
    }

    static List<String> functions() {
        return TEMPLATE.resourcesOfType("AWS::Serverless::Function").stream()
                .map(io.orderpipeline.cfn.Template.Resource::logicalId).toList();
    }

    /** Every (function, parameter) pair, with whether the parameter affects the function. */
    static Stream<Arguments> functionsAndParameters() {
        var pairs = new ArrayList<Arguments>();
        for (var function : functions()) {
            var affecting = functionAffecting(function);
            for (var parameter : TEMPLATE.parameters().keySet()) {
                pairs.add(Arguments.of(function, parameter, affecting.contains(parameter)));
            }
        }
        return pairs.stream();
    }

    /** All transforms in one translator run: the defaults, then one per parameter with its second value. */
    private static SamTranslator.Result transforms() {
        var sets = new ArrayList<Map<String, String>>();
        sets.add(Map.of());
        for (var parameter : TEMPLATE.parameters().keySet()) {
            sets.add(Map.of(parameter, secondValue(parameter)));
        }
        return SamTranslator.transform(sets);
    }

    /** What identifies the published version of a function: the Version's logical id and its create-only values. */
    private static String versionIdentity(SamTranslator.Result result, int index, Map<String, String> parameters, String function) {
        if (result.createOnlyProperties() == null) {
            ExternalTool.missing("cfn-lint (which carries AWS's resource provider schemas) is not installed; cannot tell which "
                    + "AWS::Lambda::Version changes CloudFormation replaces: the versioning check was NOT made");
        }
        var stack = new DeployedStack(result.templates().get(index), parameters);
        var versions = stack.resourcesOfType("AWS::Lambda::Version").stream()
                .filter(v -> function.equals(DeployedStack.logicalIdIn(v.property("FunctionName")))).toList();
        assertThat(versions).as("versions SAM generates for %s", function).hasSize(1);
        var version = versions.getFirst();
        var identity = new LinkedHashMap<String, Object>();
        identity.put("logicalId", version.logicalId());
        for (var pointer : result.createOnlyProperties().getOrDefault("AWS::Lambda::Version", List.of())) {
            var property = pointer.replaceFirst("^/properties/", "");
            identity.put(property, stack.resolver().resolve(version.property(property)));
        }
        return identity.toString();
    }

    @ParameterizedTest(name = "{0} with {1} changed: new version = {2}")
    @MethodSource("functionsAndParameters")
    void aFunctionGetsANewVersionExactlyWhenAParameterItRunsWithChanges(String function, String parameter, boolean affects) {
        var result = transforms();
        var names = new ArrayList<>(TEMPLATE.parameters().keySet());
        var index = names.indexOf(parameter) + 1;
        var before = versionIdentity(result, 0, Map.of(), function);
        var after = versionIdentity(result, index, Map.of(parameter, secondValue(parameter)), function);
        if (affects) {
            assertThat(after).as("%s's version after %s=%s (SAM translator %s); before: %s", function, parameter,
                    secondValue(parameter), result.version(), before).isNotEqualTo(before);
        } else {
            assertThat(after).as("%s does not run with %s: no needless new version (and SnapStart snapshot)", function, parameter)
                    .isEqualTo(before);
        }
    }

    @Test
    void theFunctionsRunWithTheParametersTheDocsSay() {
        // Guards the derivation above: it must find the parameters the functions' environments name.
        assertThat(functionAffecting("ValidatorFunction")).containsExactly("ValidatorLogLevel");
        assertThat(functionAffecting("ReconcilerFunction")).containsExactlyInAnyOrder("LogLevel", "MaxFileBytes");
        assertThat(functionAffecting("RedriveFunction")).containsExactlyInAnyOrder("LogLevel", "RedriveMaxAttempts");
    }

    @Test
    void theStateMachineInvokesTheAliasThatFollowsTheNewVersion() {
        var stack = SamTranslator.deployed();
        var substitution = stack.resource("OrderPipelineStateMachine").property("DefinitionSubstitutions");
        var aliasId = DeployedStack.logicalIdIn(Yamls.map(substitution).get("ValidatorFunctionArn"));
        var alias = stack.resource(aliasId);
        assertThat(alias.type()).isEqualTo("AWS::Lambda::Alias");
        assertThat(alias.property("Name")).isEqualTo("live");
        var version = Intrinsic.of(alias.property("FunctionVersion"));
        assertThat(version.function()).isEqualTo("Fn::GetAtt");
        assertThat(stack.resource(String.valueOf(Yamls.list(version.argument()).getFirst())).type()).isEqualTo("AWS::Lambda::Version");
        assertThat(stack.resolveString(Map.of("Ref", aliasId))).endsWith(":function:" + stack.physicalName("ValidatorFunction") + ":live");
    }
}
