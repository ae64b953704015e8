package io.orderpipeline.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.AslDefinitionException;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.asl.support.Asl;
import io.orderpipeline.asl.support.InMemoryObjectStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.orderpipeline.asl.support.Asl.json;
import static io.orderpipeline.asl.support.Asl.outputOf;
import static io.orderpipeline.asl.support.Asl.run;
import static io.orderpipeline.asl.support.Asl.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Workflow variables in JSONPath definitions (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html). */
class VariablesTest {

    private static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:Fn";

    @Nested
    class References {

        @Test
        void aVariableIsReadInEveryJsonPathField() {
            var result = run("""
                    {'StartAt':'Set','States':{
                      'Set':{'Type':'Pass','Assign':{'order':{'id':'A-1','lines':[{'sku':'X'},{'sku':'Y'}]},'wait':0,
                             'error':'My.Error','template':'order {}'},'Next':'Use'},
                      'Use':{'Type':'Pass','InputPath':'$order','Parameters':{
                         'id.$':'$order.id','second.$':'$order.lines[1].sku','all.$':'$order.lines[*].sku',
                         'text.$':'States.Format($template, $order.id)','self.$':'$.id'},'Next':'Wait'},
                      'Wait':{'Type':'Wait','SecondsPath':'$wait','OutputPath':'$order.lines','Next':'Map'},
                      'Map':{'Type':'Map','ItemsPath':'$order.lines','ItemSelector':{'sku.$':'$$.Map.Item.Value.sku','of.$':'$order.id'},
                             'ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}},'Next':'Choose'},
                      'Choose':{'Type':'Choice','Choices':[{'Variable':'$order.id','StringEquals':'A-1','Next':'Fail'}]},
                      'Fail':{'Type':'Fail','ErrorPath':'$error','CausePath':'States.Format($template, $order.id)'}}}""", "{}");
            assertThat(result.error()).isEqualTo("My.Error");
            assertThat(result.cause()).isEqualTo("order A-1");
        }

        @Test
        void theOutputOfEachStepShowsWhatWasRead() {
            var result = run("""
                    {'StartAt':'Set','States':{
                      'Set':{'Type':'Pass','Assign':{'order':{'id':'A-1','template':'{} has {} lines',
                             'lines':[{'sku':'X'},{'sku':'Y'}]}},'Next':'Use'},
                      'Use':{'Type':'Pass','Parameters':{'id.$':'$order.id','skus.$':'$order.lines[*].sku',
                             'text.$':'States.Format($order.template, $order.id, States.ArrayLength($order.lines))'},
                             'End':true}}}""", "{}");
            assertThat(outputOf(result)).isEqualTo(json("{'id':'A-1','skus':['X','Y'],'text':'A-1 has 2 lines'}"));
        }

        @Test
        void aVariableNoStateAssignedIsARuntimeError() {
            var result = run(single("{'Type':'Pass','Parameters':{'x.$':'$nothing'},'End':true}"), "{}");
            assertThat(result.error()).isEqualTo("States.Runtime");
            assertThat(result.cause()).contains("$nothing");
        }

        @Test
        void aPlainStringThatLooksLikeAReferenceIsALiteral() {
            var result = run("""
                    {'StartAt':'A','States':{'A':{'Type':'Pass','Assign':{'x':'$y','z':'{% $y %}'},'Next':'B'},
                     'B':{'Type':'Pass','Parameters':{'x.$':'$x','z.$':'$z'},'End':true}}}""", "{}");
            assertThat(outputOf(result)).isEqualTo(json("{'x':'$y','z':'{% $y %}'}"));
        }
    }

    @Nested
    class EvaluationOrder {

        @Test
        void newValuesAreSeenFromTheNextStateOnAndOneAssignSeesOnlyOldValues() {
            // AWS-recorded: test_assign_reference_variables BASE_EVALUATION_ORDER_PASS_STATE (OutputPath sees the old value)
            var result = run("""
                    {'StartAt':'A','States':{
                      'A':{'Type':'Pass','Assign':{'a':1,'b':2},'Next':'Swap'},
                      'Swap':{'Type':'Pass','Assign':{'a.$':'$b','b.$':'$a'},'Parameters':{'seen.$':'$a'},
                              'OutputPath':'$.seen','Next':'After'},
                      'After':{'Type':'Pass','Parameters':{'before.$':'$','a.$':'$a','b.$':'$b'},'End':true}}}""", "{}");
            assertThat(outputOf(result)).isEqualTo(json("{'before':1,'a':2,'b':1}"));
        }

        @Test
        void inAPassStateDollarIsTheResult() {
            var result = run("""
                    {'StartAt':'A','States':{
                      'A':{'Type':'Pass','Result':{'q':'question'},'ResultPath':'$.r','Assign':{'q.$':'$.q'},'Next':'B'},
                      'B':{'Type':'Pass','Parameters':{'q.$':'$q'},'End':true}}}""", "{'in':1}");
            assertThat(outputOf(result)).isEqualTo(json("{'q':'question'}"));
        }

        @Test
        void inATaskDollarIsTheRawResultBeforeResultSelector() {
            TaskIntegration task = (resource, parameters, context) -> json("{'Payload':{'total':42},'StatusCode':200}");
            var result = Asl.executorWith(Map.of(FN, task)).execute(json("""
                    {'StartAt':'T','States':{
                      'T':{'Type':'Task','Resource':'%s','ResultSelector':{'t.$':'$.Payload.total'},
                           'Assign':{'status.$':'$.StatusCode','total.$':'$.Payload.total'},'Next':'B'},
                      'B':{'Type':'Pass','Parameters':{'selected.$':'$','status.$':'$status','total.$':'$total'},'End':true}}}"""
                    .formatted(FN)), json("{}"), ExecutionRequest.standard());
            assertThat(outputOf(result)).isEqualTo(json("{'selected':{'t':42},'status':200,'total':42}"));
        }

        @Test
        void inChoiceAndWaitStatesDollarIsTheInputAndAChoiceRuleAssignsOnlyWhenItMatches() {
            var definition = """
                    {'StartAt':'C','States':{
                      'C':{'Type':'Choice','InputPath':'$.v','Assign':{'path':'default','seen.$':'$'},
                           'Choices':[{'Variable':'$','NumericGreaterThan':10,'Assign':{'path':'big','seen.$':'$'},'Next':'W'}],
                           'Default':'W'},
                      'W':{'Type':'Wait','Seconds':0,'Assign':{'waited.$':'$'},'Next':'Out'},
                      'Out':{'Type':'Pass','Parameters':{'path.$':'$path','seen.$':'$seen','waited.$':'$waited'},'End':true}}}""";
            assertThat(outputOf(run(definition, "{'v':42}"))).isEqualTo(json("{'path':'big','seen':42,'waited':42}"));
            assertThat(outputOf(run(definition, "{'v':1}"))).isEqualTo(json("{'path':'default','seen':1,'waited':1}"));
        }
    }

    @Nested
    class Scopes {

        @Test
        void mapIterationsReadOuterVariablesAndTheirOwnAreGoneAfterTheMap() {
            var definition = """
                    {'StartAt':'Set','States':{
                      'Set':{'Type':'Pass','Assign':{'factor':10},'Result':[1,2,3],'Next':'Map'},
                      'Map':{'Type':'Map','MaxConcurrency':1,'ItemProcessor':{'StartAt':'Keep','States':{
                               'Keep':{'Type':'Pass','Assign':{'mine.$':'$'},'Next':'Use'},
                               'Use':{'Type':'Pass','Parameters':{'mine.$':'$mine','factor.$':'$factor'},'End':true}}},
                             'Next':'After'},
                      'After':{'Type':'Pass','Parameters':{'mine.$':'$mine'},'End':true}}}""";
            var result = run(definition, "{}");
            assertThat(result.error()).isEqualTo("States.Runtime"); // 'mine' went out of scope with the iterations
            var withoutAfter = run(definition.replace("'Next':'After'", "'End':true")
                    .replace(",\n  'After':{'Type':'Pass','Parameters':{'mine.$':'$mine'},'End':true}", ""), "{}");
            assertThat(outputOf(withoutAfter)).isEqualTo(json(
                    "[{'mine':1,'factor':10},{'mine':2,'factor':10},{'mine':3,'factor':10}]"));
        }

        @Test
        void parallelBranchesEachHaveTheirOwnScope() {
            // AWS-recorded: test_assign_base BASE_SCOPE_PARALLEL
            var result = run("""
                    {'StartAt':'Set','States':{
                      'Set':{'Type':'Pass','Assign':{'x':42},'Next':'Par'},
                      'Par':{'Type':'Parallel','End':true,'Branches':[
                        {'StartAt':'A','States':{'A':{'Type':'Pass','Assign':{'own':'a'},'Next':'A2'},
                                                 'A2':{'Type':'Pass','Parameters':{'own.$':'$own','x.$':'$x'},'End':true}}},
                        {'StartAt':'B','States':{'B':{'Type':'Pass','Assign':{'own':'b'},'Next':'B2'},
                                                 'B2':{'Type':'Pass','Parameters':{'own.$':'$own','x.$':'$x'},'End':true}}}]}}}""",
                    "{}");
            assertThat(outputOf(result)).isEqualTo(json("[{'own':'a','x':42},{'own':'b','x':42}]"));
        }

        @Test
        void aCatchersAssignSetsTheOuterScopeWithTheErrorOutput() {
            var result = run("""
                    {'StartAt':'Map','States':{
                      'Map':{'Type':'Map','ItemsPath':'$.items','ItemProcessor':{'StartAt':'F','States':{
                               'F':{'Type':'Fail','Error':'Item.Bad','Cause':'item failed'}}},
                             'Catch':[{'ErrorEquals':['States.ALL'],'Assign':{'failure.$':'$.Error','cause.$':'$.Cause'},
                                       'ResultPath':'$.error','Next':'After'}],'End':true},
                      'After':{'Type':'Pass','Parameters':{'failure.$':'$failure','cause.$':'$cause','input.$':'$'},'End':true}}}""",
                    "{'items':[1]}");
            assertThat(outputOf(result)).isEqualTo(json("{'failure':'Item.Bad','cause':'item failed',"
                    + "'input':{'items':[1],'error':{'Error':'Item.Bad','Cause':'item failed'}}}"));
        }

        @Test
        void aDistributedMapChildSeesNoOuterVariables() {
            var result = Asl.fastExecutor().objectStore(new InMemoryObjectStore()).build().execute(json("""
                    {'StartAt':'Set','States':{
                      'Set':{'Type':'Pass','Assign':{'x':1},'Result':[1],'Next':'Map'},
                      'Map':{'Type':'Map','End':true,'ItemProcessor':{
                        'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},
                        'StartAt':'P','States':{'P':{'Type':'Pass','Parameters':{'x.$':'$x'},'End':true}}}}}}"""),
                    json("{}"), ExecutionRequest.standard());
            assertThat(result.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        }

        @Test
        void anInnerScopeCannotAssignANameAnOuterScopeAssigns() {
            assertThatThrownBy(() -> Asl.fastExecutor().build().validate(json("""
                    {'StartAt':'Set','States':{
                      'Set':{'Type':'Pass','Assign':{'x':1},'Next':'Map'},
                      'Map':{'Type':'Map','End':true,'ItemProcessor':{'StartAt':'P','States':{
                        'P':{'Type':'Pass','Assign':{'x':2},'End':true}}}}}}""")))
                    .isInstanceOf(AslDefinitionException.class)
                    .hasMessageContaining("'x'").hasMessageContaining("outer scope");
        }
    }

    @Nested
    class Definitions {

        @Test
        void variableNamesMustBeIdentifiersAndStatesIsReserved() {
            for (String bad : new String[]{"1x", "a-b", "states", "x".repeat(81)}) {
                assertThatThrownBy(() -> Asl.fastExecutor().build().validate(json(
                        single("{'Type':'Pass','Assign':{'" + bad + "':1},'End':true}"))))
                        .isInstanceOf(AslDefinitionException.class).hasMessageContaining("Assign");
            }
            Asl.fastExecutor().build().validate(json(single("{'Type':'Pass','Assign':{'_ok1':1,'héllo':2},'End':true}")));
        }

        @Test
        void aVariableReferenceWithABadPathIsRejectedWhenLoaded() {
            assertThatThrownBy(() -> Asl.fastExecutor().build().validate(json(
                    single("{'Type':'Pass','Parameters':{'x.$':'$order..['},'End':true}"))))
                    .isInstanceOf(AslDefinitionException.class).hasMessageContaining("x.$");
        }
    }

    @Nested
    class SizeLimits {

        private final String big = "x".repeat(200_000);

        @Test
        void oneVariableHoldsAtMost256KiB() {
            var result = run(single("{'Type':'Pass','Assign':{'v.$':'States.Format($.f, $.a, $.a)'},'End':true}"),
                    "{'f':'{}{}','a':'" + big.substring(0, 140_000) + "'}");
            assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
            assertThat(result.cause()).contains("'v'").contains("262144");
        }

        @Test
        void oneAssignSetsAtMost256KiBTogether() {
            var result = run(single("{'Type':'Pass','Assign':{'a.$':'$.a','b.$':'$.a'},'End':true}"),
                    "{'a':'" + big + "'}");
            assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
            assertThat(result.cause()).contains("one Assign");
        }

        @Test
        void anExecutionHoldsAtMost10MiBOfVariables() {
            var states = new StringBuilder("{'StartAt':'S0','States':{");
            for (int i = 0; i < 60; i++) {
                states.append("'S").append(i).append("':{'Type':'Pass','Assign':{'v").append(i).append(".$':'$.a'},")
                        .append(i < 59 ? "'Next':'S" + (i + 1) + "'" : "'End':true").append("},");
            }
            states.setLength(states.length() - 1);
            states.append("}}");
            var result = run(states.toString(), "{'a':'" + big + "'}");
            assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
            assertThat(result.cause()).contains("10485760");
        }

        @Test
        void reassigningAVariableReplacesItsSizeInsteadOfAddingToIt() {
            var states = new StringBuilder("{'StartAt':'S0','States':{");
            for (int i = 0; i < 60; i++) {
                states.append("'S").append(i).append("':{'Type':'Pass','Assign':{'v.$':'$.a'},")
                        .append(i < 59 ? "'Next':'S" + (i + 1) + "'" : "'End':true").append("},");
            }
            states.setLength(states.length() - 1);
            states.append("}}");
            assertThat(run(states.toString(), "{'a':'" + big + "'}").status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }

}
