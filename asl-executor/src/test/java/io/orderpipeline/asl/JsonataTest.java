package io.orderpipeline.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.AslDefinitionException;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.asl.support.Asl;
import io.orderpipeline.asl.support.InMemoryObjectStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.orderpipeline.asl.support.Asl.outputOf;
import static io.orderpipeline.asl.support.Asl.rawJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JSONata states (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html). */
class JsonataTest {

    private static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:Fn";

    /** A JSONata state machine; JSON written with double quotes because JSONata uses single-quoted strings. */
    private static ExecutionResult run(String states, String input) {
        return run(Asl.fastExecutor().build(), states, input);
    }

    private static ExecutionResult run(AslExecutor executor, String states, String input) {
        String definition = states.startsWith("{\"QueryLanguage\"") || states.startsWith("{\"StartAt\"") ? states
                : "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"S\",\"States\":{\"S\":" + states + "}}";
        return executor.execute(rawJson(definition), rawJson(input), ExecutionRequest.standard());
    }


    @Nested
    class QueryLanguageField {

        @Test
        void theStateMachineOrAStateChoosesTheLanguage() {
            var mixed = run("""
                    {"StartAt":"A","States":{
                      "A":{"Type":"Pass","Parameters":{"seen.$":"$.x"},"Next":"B"},
                      "B":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% $states.input.seen * 2 %}","End":true}}}""",
                    "{\"x\":21}");
            assertThat(outputOf(mixed)).isEqualTo(rawJson("42"));
            var jsonataFirst = run("""
                    {"QueryLanguage":"JSONata","StartAt":"A","States":{
                      "A":{"Type":"Pass","Output":{"v":"{% $states.input.x %}"},"Next":"B"},
                      "B":{"Type":"Pass","QueryLanguage":"JSONPath","OutputPath":"$.v","End":true}}}""", "{\"x\":7}");
            assertThat(outputOf(jsonataFirst)).isEqualTo(rawJson("7"));
        }

        @Test
        void eachLanguageRejectsTheOthersFields() {
            var executor = Asl.fastExecutor().build();
            assertThatThrownBy(() -> executor.validate(rawJson("""
                    {"QueryLanguage":"JSONata","StartAt":"S","States":{"S":{"Type":"Pass","InputPath":"$.x","End":true}}}""")))
                    .isInstanceOf(AslDefinitionException.class).hasMessageContaining("'InputPath'");
            assertThatThrownBy(() -> executor.validate(rawJson("""
                    {"StartAt":"S","States":{"S":{"Type":"Pass","Output":{"a":1},"End":true}}}""")))
                    .isInstanceOf(AslDefinitionException.class).hasMessageContaining("'Output'");
            assertThatThrownBy(() -> executor.validate(rawJson("""
                    {"StartAt":"S","States":{"S":{"Type":"Pass","QueryLanguage":"XPath","End":true}}}""")))
                    .isInstanceOf(AslDefinitionException.class).hasMessageContaining("XPath");
        }

        @Test
        void anExpressionThatDoesNotParseIsRejectedWhenLoaded() {
            assertThatThrownBy(() -> Asl.fastExecutor().build().validate(rawJson("""
                    {"QueryLanguage":"JSONata","StartAt":"S","States":{"S":{"Type":"Pass","Output":{"a":"{% $sum( %}"},"End":true}}}""")))
                    .isInstanceOf(AslDefinitionException.class).hasMessageContaining("Output/a");
        }
    }

    @Nested
    class InputAndOutput {

        @Test
        void outputIsATemplateAtAnyDepthAndLiteralsStayAsWritten() {
            var result = run("""
                    {"Type":"Pass","End":true,"Output":{"sum":"{% $sum($states.input.values) %}","list":[1,"{% $states.input.name %}"],
                      "literal":"not {% an expression","nested":{"context":"{% $states.context.State.Name %}"}}}""",
                    "{\"values\":[1,2,3],\"name\":\"n\"}");
            assertThat(outputOf(result)).isEqualTo(rawJson(
                    "{\"sum\":6,\"list\":[1,\"n\"],\"literal\":\"not {% an expression\",\"nested\":{\"context\":\"S\"}}"));
        }

        @Test
        void withoutOutputAPassOrWaitStatePassesItsInputOn() {
            assertThat(outputOf(run("{\"Type\":\"Wait\",\"Seconds\":0,\"End\":true}", "{\"a\":1}")))
                    .isEqualTo(rawJson("{\"a\":1}"));
        }

        @Test
        void aTaskGetsItsArgumentsAndOutputsItsResultUnlessOutputSaysOtherwise() {
            var received = new CopyOnWriteArrayList<JsonNode>();
            TaskIntegration task = (resource, parameters, context) -> {
                received.add(parameters);
                return rawJson("{\"total\":42}");
            };
            var executor = Asl.fastExecutor().integrations(Map.of(FN, task)::get).build();
            var plain = run(executor, """
                    {"Type":"Task","Resource":"FN","Arguments":{"id":"{% $states.input.id %}"},"TimeoutSeconds":"{% 1 + 1 %}","End":true}"""
                    .replace("FN", FN), "{\"id\":\"A\"}");
            assertThat(outputOf(plain)).isEqualTo(rawJson("{\"total\":42}"));
            assertThat(received).containsExactly(rawJson("{\"id\":\"A\"}"));
            var shaped = run(executor, """
                    {"Type":"Task","Resource":"FN","Output":{"in":"{% $states.input.id %}","total":"{% $states.result.total %}"},"End":true}"""
                    .replace("FN", FN), "{\"id\":\"A\"}");
            assertThat(outputOf(shaped)).isEqualTo(rawJson("{\"in\":\"A\",\"total\":42}"));
        }

        @Test
        void numbersPassedThroughKeepTheirExactText() {
            var result = run("{\"Type\":\"Pass\",\"End\":true,\"Output\":{\"price\":\"{% $states.input.price %}\",\"twice\":\"{% $states.input.n * 2 %}\"}}",
                    "{\"price\":9.950000000000000000000000000001,\"n\":1.5}");
            assertThat(Json.write(outputOf(result))).isEqualTo("{\"price\":9.950000000000000000000000000001,\"twice\":3}");
        }
    }

    @Nested
    class Errors {

        @Test
        void anUndefinedResultIsAQueryEvaluationErrorNamingTheField() {
            var result = run("{\"Type\":\"Pass\",\"End\":true,\"Output\":{\"a\":{\"b\":\"{% $states.input.missing %}\"}}}", "{}");
            assertThat(result.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(result.cause()).isEqualTo("The JSONata expression '$states.input.missing' specified for the field "
                    + "'Output/a/b' returned nothing (undefined).");
        }

        @Test
        void aFailingExpressionIsAQueryEvaluationErrorThatCatchCanHandle() {
            var result = run("""
                    {"QueryLanguage":"JSONata","StartAt":"T","States":{
                      "T":{"Type":"Parallel","Arguments":{"n":"{% $number('abc') %}"},"End":true,
                           "Branches":[{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}],
                           "Catch":[{"ErrorEquals":["States.QueryEvaluationError"],"Next":"C",
                                     "Assign":{"error":"{% $states.errorOutput.Error %}"}}]},
                      "C":{"Type":"Pass","Output":{"caught":"{% $error %}","output":"{% $states.input %}"},"End":true}}}""", "{}");
            assertThat(outputOf(result).get("caught").asText()).isEqualTo("States.QueryEvaluationError");
            assertThat(outputOf(result).get("output").get("Error").asText()).isEqualTo("States.QueryEvaluationError");
        }

        @Test
        void aCatchersOutputReplacesTheErrorOutput() {
            var result = run("""
                    {"QueryLanguage":"JSONata","StartAt":"T","States":{
                      "T":{"Type":"Parallel","End":true,
                           "Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"{% 'My.' & 'Error' %}","Cause":"{% $string(1+1) %}"}}}],
                           "Catch":[{"ErrorEquals":["My.Error"],"Next":"C","Output":{"e":"{% $states.errorOutput %}","in":"{% $states.input.v %}"}}]},
                      "C":{"Type":"Succeed"}}}""", "{\"v\":3}");
            assertThat(outputOf(result)).isEqualTo(rawJson("{\"e\":{\"Error\":\"My.Error\",\"Cause\":\"2\"},\"in\":3}"));
        }
    }

    @Nested
    class StateTypes {

        @Test
        void choiceConditionsAreBooleansAndTheMatchingRuleAssignsAndOutputs() {
            String machine = """
                    {"QueryLanguage":"JSONata","StartAt":"C","States":{
                      "C":{"Type":"Choice","Default":"D","Assign":{"path":"default"},"Output":{"from":"default"},
                           "Choices":[{"Condition":"{% $states.input.n > 10 %}","Next":"D","Assign":{"path":"big"},
                                       "Output":{"from":"rule","n":"{% $states.input.n %}"}},
                                      {"Condition":false,"Next":"D"}]},
                      "D":{"Type":"Pass","Output":{"in":"{% $states.input %}","path":"{% $path %}"},"End":true}}}""";
            assertThat(outputOf(run(machine, "{\"n\":42}"))).isEqualTo(
                    rawJson("{\"in\":{\"from\":\"rule\",\"n\":42},\"path\":\"big\"}"));
            assertThat(outputOf(run(machine, "{\"n\":1}"))).isEqualTo(
                    rawJson("{\"in\":{\"from\":\"default\"},\"path\":\"default\"}"));
            var notBoolean = run(machine.replace("$states.input.n > 10", "$states.input.n"), "{\"n\":42}");
            assertThat(notBoolean.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(notBoolean.cause()).contains("Expected 'boolean', but was 'number'");
        }

        @Test
        void waitTakesSecondsOrATimestampFromAnExpression() {
            assertThat(run("{\"Type\":\"Wait\",\"Seconds\":\"{% $states.input.s %}\",\"End\":true}", "{\"s\":1}").status())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            var negative = run("{\"Type\":\"Wait\",\"Seconds\":\"{% $states.input.s %}\",\"End\":true}", "{\"s\":-1}");
            assertThat(negative.error()).isEqualTo("States.QueryEvaluationError");
            var badTime = run("{\"Type\":\"Wait\",\"Timestamp\":\"{% $states.input.t %}\",\"End\":true}",
                    "{\"t\":\"2016-12-05T25:29:29Z\"}");
            assertThat(badTime.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(badTime.cause()).contains("ISO-8601");
        }

        @Test
        void mapItemsComeFromItemsOrTheInputAndItemSelectorSeesTheItem() {
            var result = run("""
                    {"QueryLanguage":"JSONata","StartAt":"Set","States":{
                      "Set":{"Type":"Pass","Assign":{"factor":10},"Next":"M"},
                      "M":{"Type":"Map","Items":"{% $states.input.values %}","MaxConcurrency":"{% 1 %}",
                           "ItemSelector":{"index":"{% $states.context.Map.Item.Index %}","scaled":"{% $states.context.Map.Item.Value * $factor %}"},
                           "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
                           "Output":{"results":"{% $states.result %}","count":"{% $count($states.result) %}"},"End":true}}}""",
                    "{\"values\":[1,2]}");
            assertThat(outputOf(result)).isEqualTo(rawJson(
                    "{\"results\":[{\"index\":0,\"scaled\":10},{\"index\":1,\"scaled\":20}],\"count\":2}"));
            var notArray = run("{\"Type\":\"Map\",\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}",
                    "{\"a\":1}");
            assertThat(notArray.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(notArray.cause()).isEqualTo("Map state input must be an array but was: {\"a\":1}");
        }

        @Test
        void aDistributedMapReadsItsObjectWithArgumentsAndBatchesByExpressions() {
            var store = new InMemoryObjectStore().with("b", "in/x.json", "[1,2,3,4,5]");
            var result = run(Asl.fastExecutor().objectStore(store).build(), """
                    {"Type":"Map","End":true,
                     "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Arguments":{"Bucket":"b","Key":"{% $states.input.key %}"},
                                   "ReaderConfig":{"InputType":"JSON","MaxItems":"{% 4 %}"}},
                     "ItemBatcher":{"MaxItemsPerBatch":"{% 2 %}","BatchInput":{"key":"{% $states.input.key %}"}},
                     "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
                       "StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $count($states.input.Items) %}","End":true}}}}""",
                    "{\"key\":\"in/x.json\"}");
            assertThat(outputOf(result)).isEqualTo(rawJson("[2,2]"));
        }
    }

    @Nested
    class StepFunctionsFunctions {

        private JsonNode value(String expression, String input) {
            return outputOf(run("{\"Type\":\"Pass\",\"End\":true,\"Output\":\"{% " + expression + " %}\"}", input));
        }

        @Test
        void partitionRangeAndParse() {
            assertThat(value("$partition([1,2,3,4,5], 2)", "{}")).isEqualTo(rawJson("[[1,2],[3,4],[5]]"));
            assertThat(value("$range(1, 9, 2)", "{}")).isEqualTo(rawJson("[1,3,5,7,9]"));
            assertThat(value("$range(5, 1, -2)", "{}")).isEqualTo(rawJson("[5,3,1]"));
            assertThat(Json.write(value("$parse($states.input.text)", "{\"text\":\"{\\\"p\\\":1e400}\"}"))).isEqualTo("{\"p\":1e400}");
        }

        @Test
        void hashUuidAndRandom() {
            assertThat(value("$hash('input data', 'SHA-256')", "{}").asText())
                    .isEqualTo("b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3");
            assertThat(value("$uuid()", "{}").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            double random = value("$random()", "{}").asDouble();
            assertThat(random).isGreaterThanOrEqualTo(0).isLessThan(1);
            assertThat(value("$random(7)", "{}")).isEqualTo(value("$random(7)", "{}"));
        }

        @Test
        void badArgumentsFailTheExpression() {
            for (String expression : List.of("$partition([1], 0)", "$hash('x', 'MD4')", "$parse('{oops')", "$range(1, 2, 0)")) {
                var result = run("{\"Type\":\"Pass\",\"End\":true,\"Output\":\"{% " + expression + " %}\"}", "{}");
                assertThat(result.error()).as(expression).isEqualTo("States.QueryEvaluationError");
            }
        }
    }

}
