package io.orderpipeline.asl;

import io.orderpipeline.asl.api.AslDefinitionException;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.asl.support.Asl;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static io.orderpipeline.asl.support.Asl.json;
import static io.orderpipeline.asl.support.Asl.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Invalid or unsupported definitions fail before anything runs, naming the state and the field. */
class DefinitionValidationTest {

    private static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:F";

    private static void rejects(String definition, String... messageParts) {
        var executor = Asl.fastExecutor().integrations(r -> r.equals(FN) ? (TaskIntegration) (a, b, c) -> b : null).build();
        assertThatThrownBy(() -> executor.execute(json(definition), json("{}"), ExecutionRequest.standard()))
                .isInstanceOf(AslDefinitionException.class)
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void startAtMustExist() {
        rejects("{'StartAt':'Nope','States':{'A':{'Type':'Pass','End':true}}}", "StartAt 'Nope'");
    }

    @Test
    void everyNextMustExistInItsOwnGraph() {
        rejects("{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'B'}}}", "State 'A'", "Next 'B'");
        rejects("""
                {'StartAt':'P','States':{'P':{'Type':'Parallel','Next':'Done','Branches':[
                  {'StartAt':'X','States':{'X':{'Type':'Pass','Next':'Done'}}}]},'Done':{'Type':'Succeed'}}}""",
                "State 'X'", "Next 'Done'");
        rejects("""
                {'StartAt':'T','States':{'T':{'Type':'Task','Resource':'%s','End':true,
                  'Catch':[{'ErrorEquals':['States.ALL'],'Next':'Missing'}]}}}""".formatted(FN), "Next 'Missing'");
    }

    @Test
    void statesNeedNextOrEnd() {
        rejects(single("{'Type':'Pass'}"), "State 'S'", "'Next' or 'End'");
        rejects(single("{'Type':'Pass','Next':'S','End':true}"), "both 'Next' and 'End'");
    }

    @Test
    void unknownFieldsAreRejected() {
        rejects(single("{'Type':'Pass','End':true,'ResultPth':'$.x'}"), "State 'S'", "unknown field 'ResultPth'");
        rejects(single("{'Type':'Wait','Seconds':1,'End':true,'Retry':[]}"), "unknown field 'Retry'");
        rejects("{'StartAt':'S','Foo':1,'States':{'S':{'Type':'Pass','End':true}}}", "Definition", "unknown field 'Foo'");
        rejects(single("{'Type':'Sleep','End':true}"), "Type 'Sleep'");
    }

    @Test
    void unsupportedFeaturesAreNamed() {
        rejects(single("{'Type':'Task','Resource':'arn:aws:states:::sqs:sendMessage.waitForTaskToken','End':true}"),
                "State 'S'", ".waitForTaskToken");
        rejects(single("{'Type':'Task','Resource':'%s','Credentials':{'RoleArn':'x'},'End':true}".formatted(FN)),
                "State 'S'", "'Credentials'");
        rejects(single("""
                {'Type':'Map','End':true,'ItemReader':{'Resource':'arn:aws:states:::s3:getObject',
                  'ReaderConfig':{'InputType':'PARQUET'},'Parameters':{'Bucket':'b','Key':'k'}},
                 'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},
                  'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}}"""), "ItemReader", "PARQUET");
        rejects("{'StartAt':'S','TimeoutSeconds':5,'States':{'S':{'Type':'Pass','End':true}}}", "'TimeoutSeconds'");
    }

    @Test
    void taskResourcesMustResolveToAnIntegration() {
        rejects(single("{'Type':'Task','Resource':'arn:aws:states:::dynamodb:putItem','End':true}"),
                "State 'S'", "arn:aws:states:::dynamodb:putItem");
    }

    @Test
    void statesAllMustBeAloneAndLast() {
        rejects(single("{'Type':'Task','Resource':'%s','End':true,'Retry':[{'ErrorEquals':['States.ALL','E']}]}".formatted(FN)),
                "alone");
        rejects(single("{'Type':'Task','Resource':'%s','End':true,'Retry':[{'ErrorEquals':['States.ALL']},{'ErrorEquals':['E']}]}"
                .formatted(FN)), "last");
    }

    @Test
    void badPathsAndIntrinsicsAreRejected() {
        rejects(single("{'Type':'Pass','InputPath':'dataset','End':true}"), "InputPath");
        rejects(single("{'Type':'Pass','ResultPath':'$.a[*]','End':true}"), "ResultPath");
        rejects(single("{'Type':'Pass','Parameters':{'x.$':'States.Nope(1)'},'End':true}"), "Parameters", "x.$");
        rejects(single("{'Type':'Pass','Parameters':{'x.$':42},'End':true}"), "x.$");
    }

    @Test
    void invalidChoiceRulesAreRejected() {
        rejects("""
                {'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Variable':'$.a','NumberEquals':1,'Next':'X'}]},
                 'X':{'Type':'Succeed'}}}""", "State 'C'", "Choices[0]");
    }

    @Test
    void nothingRunsWhenTheDefinitionIsInvalid() {
        var calls = new AtomicInteger();
        TaskIntegration counting = (r, p, c) -> {
            calls.incrementAndGet();
            return p;
        };
        var executor = Asl.fastExecutor().integrations(r -> r.equals(FN) ? counting : null).build();
        assertThatThrownBy(() -> executor.execute(json("""
                {'StartAt':'T','States':{'T':{'Type':'Task','Resource':'%s','Next':'Bad'},
                 'Bad':{'Type':'Pass','Unknown':1,'End':true}}}""".formatted(FN)), json("{}"), ExecutionRequest.standard()))
                .isInstanceOf(AslDefinitionException.class);
        assertThat(calls).hasValue(0);
    }
}
