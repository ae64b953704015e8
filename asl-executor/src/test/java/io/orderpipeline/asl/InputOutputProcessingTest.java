package io.orderpipeline.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.spi.TaskIntegration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.orderpipeline.asl.support.Asl.executorWith;
import static io.orderpipeline.asl.support.Asl.json;
import static io.orderpipeline.asl.support.Asl.run;
import static io.orderpipeline.asl.support.Asl.single;
import static org.assertj.core.api.Assertions.assertThat;

/** InputPath → Parameters → task → ResultSelector → ResultPath → OutputPath, with the developer guide's examples. */
class InputOutputProcessingTest {

    private static final String HELLO = "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction";

    /** Guide, "ResultPath": the Lambda function returns "Hello, AWS Step Functions!" for this input. */
    private static final String RESULT_PATH_INPUT = """
            {'comment': 'This is a test of the input and output of a Task state.',
             'details': 'Default example', 'who': 'AWS Step Functions'}""";

    private static AslExecutor helloExecutor() {
        TaskIntegration hello = (resource, parameters, context) ->
                json("'Hello, " + parameters.get("who").asText() + "!'");
        return executorWith(Map.of(HELLO, hello));
    }

    private static JsonNode helloTask(String resultPath) {
        var result = run(helloExecutor(), single("{'Type':'Task','Resource':'" + HELLO + "'" + resultPath + ",'End':true}"),
                RESULT_PATH_INPUT);
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return result.output();
    }

    @Test
    void inputPathSelectsPartOfTheInput() {
        // Guide, "InputPath": $.dataset2 of the example input
        var result = run(single("{'Type':'Pass','InputPath':'$.dataset2','End':true}"), """
                {'comment': 'Example for InputPath.', 'dataset1': {'val1': 1, 'val2': 2, 'val3': 3},
                 'dataset2': {'val1': 'a', 'val2': 'b', 'val3': 'c'}}""");
        assertThat(result.output()).isEqualTo(json("{'val1': 'a', 'val2': 'b', 'val3': 'c'}"));
    }

    @Test
    void inputPathWithAFilterSelectsMatchingElements() {
        var result = run(single("{'Type':'Pass','InputPath':'$.a[?(@.v > 1)].v','End':true}"),
                "{'a':[{'v':1},{'v':2},{'v':3}]}");
        assertThat(result.output()).isEqualTo(json("[2,3]"));
    }

    @Test
    void parametersBuildANewInputFromPathsAndStaticValues() {
        // Guide, "Parameters": selecting what I care about
        var result = run(single("""
                {'Type':'Pass','End':true,'Parameters':{'comment':'Selecting what I care about.',
                 'MyDetails':{'size.$':'$.product.details.size','exists.$':'$.product.availability','StaticValue':'foo'}}}"""),
                """
                {'comment':'Example for Parameters.','product':{'details':{'color':'blue','size':'small','material':'cotton'},
                 'availability':'in stock','sku':'2317','cost':'$23'}}""");
        assertThat(result.output()).isEqualTo(json("""
                {'comment':'Selecting what I care about.','MyDetails':{'size':'small','exists':'in stock','StaticValue':'foo'}}"""));
    }

    @Test
    void parametersReachTheContextObjectAndIntrinsics() {
        var executor = io.orderpipeline.asl.support.Asl.fastExecutor().build();
        var result = executor.execute(io.orderpipeline.asl.support.Asl.rawJson("""
                {"StartAt":"S","States":{"S":{"Type":"Pass","End":true,"Parameters":{
                 "name.$":"$$.Execution.Name","state.$":"$$.State.Name",
                 "greeting.$":"States.Format('Hello {}', $.who)","list":[{"x.$":"$.who"}]}}}}"""),
                json("{'who':'Ana'}"), new ExecutionRequest(null, "run-1", ExecutionType.STANDARD));
        assertThat(result.output()).isEqualTo(json("""
                {'name':'run-1','state':'S','greeting':'Hello Ana','list':[{'x':'Ana'}]}"""));
    }

    @Test
    void defaultResultPathReplacesTheInputWithTheResult() {
        assertThat(helloTask("")).isEqualTo(json("'Hello, AWS Step Functions!'"));
    }

    @Test
    void resultPathAddsTheResultToTheInput() {
        assertThat(helloTask(",'ResultPath':'$.taskresult'")).isEqualTo(json("""
                {'comment': 'This is a test of the input and output of a Task state.',
                 'details': 'Default example', 'who': 'AWS Step Functions',
                 'taskresult': 'Hello, AWS Step Functions!'}"""));
    }

    @Test
    void resultPathNullDiscardsTheResult() {
        assertThat(helloTask(",'ResultPath':null")).isEqualTo(json(RESULT_PATH_INPUT));
    }

    @Test
    void resultPathCreatesMissingNestedObjectsAndReplacesExistingFields() {
        assertThat(helloTask(",'ResultPath':'$.strings.lambdaresult'").get("strings"))
                .isEqualTo(json("{'lambdaresult':'Hello, AWS Step Functions!'}"));
        assertThat(helloTask(",'ResultPath':'$.who'").get("who").asText()).isEqualTo("Hello, AWS Step Functions!");
    }

    @Test
    void resultSelectorPicksFromTheResultBeforeResultPath() {
        // Guide, "ResultSelector": keep ClusterId and resourceType of an EMR createCluster result
        String emr = "arn:aws:states:::elasticmapreduce:createCluster.sync";
        TaskIntegration createCluster = (resource, parameters, context) -> json("""
                {'resourceType':'elasticmapreduce','resource':'createCluster.sync','output':{
                 'SdkHttpMetadata':{'HttpStatusCode':200},'SdkResponseMetadata':{'RequestId':'1234-5678-9012'},
                 'ClusterId':'AKIAIOSFODNN7EXAMPLE'}}""");
        var result = run(executorWith(Map.of(emr, createCluster)), single("""
                {'Type':'Task','Resource':'%s','End':true,
                 'ResultSelector':{'ClusterId.$':'$.output.ClusterId','ResourceType.$':'$.resourceType'},
                 'ResultPath':'$.EMROutput'}""".formatted(emr)), "{'Name':'MyWorkflowCluster'}");
        assertThat(result.output()).isEqualTo(json("""
                {'Name':'MyWorkflowCluster','EMROutput':{'ClusterId':'AKIAIOSFODNN7EXAMPLE','ResourceType':'elasticmapreduce'}}"""));
    }

    @Test
    void outputPathSelectsPartOfTheCombinedOutput() {
        assertThat(helloTask(",'ResultPath':'$.taskresult','OutputPath':'$.taskresult'"))
                .isEqualTo(json("'Hello, AWS Step Functions!'"));
    }

    @Test
    void inputPathAndOutputPathNullGiveAnEmptyObject() {
        assertThat(run(single("{'Type':'Pass','InputPath':null,'End':true}"), "{'a':1}").output()).isEqualTo(json("{}"));
        assertThat(run(single("{'Type':'Pass','OutputPath':null,'End':true}"), "{'a':1}").output()).isEqualTo(json("{}"));
    }

    @Test
    void passResultIsPlacedAtResultPath() {
        var result = run(single("{'Type':'Pass','Result':{'x':1},'ResultPath':'$.fixed','End':true}"), "{'a':1}");
        assertThat(result.output()).isEqualTo(json("{'a':1,'fixed':{'x':1}}"));
    }

    @Test
    void inputPathMatchingNothingIsStatesRuntime() {
        var result = run(single("{'Type':'Pass','InputPath':'$.missing','End':true}"), "{'a':1}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("$.missing");
    }

    @Test
    void parameterPathMatchingNothingIsARuntimeErrorAsOnAws() {
        var result = run(single("{'Type':'Pass','Parameters':{'x.$':'$.missing'},'End':true}"), "{'a':1}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).isEqualTo("The JSONPath '$.missing' specified for the field 'x.$' could not be found "
                + "in the input '{\"a\":1}'");
    }

    @Test
    void resultPathThroughANonObjectIsResultPathMatchFailure() {
        var result = run(single("{'Type':'Pass','Result':1,'ResultPath':'$.a.b','End':true}"), "{'a':'text'}");
        assertThat(result.error()).isEqualTo("States.ResultPathMatchFailure");
    }

    @Test
    void outputPathMatchingNothingIsStatesRuntime() {
        var result = run(single("{'Type':'Pass','OutputPath':'$.nope','End':true}"), "{'a':1}");
        assertThat(result.error()).isEqualTo("States.Runtime");
    }

    @Test
    void theInputIsNeverModifiedInPlace() {
        JsonNode input = json("{'a':{'b':1}}");
        var result = io.orderpipeline.asl.support.Asl.fastExecutor().build().execute(json(single(
                "{'Type':'Pass','Result':2,'ResultPath':'$.a.c','End':true}")), input, ExecutionRequest.standard());
        assertThat(result.output()).isEqualTo(json("{'a':{'b':1,'c':2}}"));
        assertThat(input).isEqualTo(json("{'a':{'b':1}}"));
    }
}
