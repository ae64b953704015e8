package io.orderpipeline.asl;

import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.support.Asl;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;

import static io.orderpipeline.asl.support.Asl.json;
import static io.orderpipeline.asl.support.Asl.rawJson;
import static io.orderpipeline.asl.support.Asl.run;
import static io.orderpipeline.asl.support.Asl.single;
import static org.assertj.core.api.Assertions.assertThat;

class StateTypesTest {

    @Nested
    class Pass {
        @Test
        void passesItsInputThrough() {
            assertThat(run(single("{'Type':'Pass','End':true}"), "{'a':[1,2]}").output()).isEqualTo(json("{'a':[1,2]}"));
        }

        @Test
        void chainsStatesWithNext() {
            var result = run("""
                    {'StartAt':'A','States':{'A':{'Type':'Pass','Result':1,'ResultPath':'$.a','Next':'B'},
                     'B':{'Type':'Pass','Result':2,'ResultPath':'$.b','End':true}}}""", "{}");
            assertThat(result.output()).isEqualTo(json("{'a':1,'b':2}"));
            assertThat(result.stats().stateTransitions()).isEqualTo(2);
        }
    }

    @Nested
    class Choice {
        private static final String MACHINE = """
                {'StartAt':'C','States':{
                 'C':{'Type':'Choice','Choices':[
                    {'Variable':'$.key','StringMatches':'*.csv','Next':'Csv'},
                    {'And':[{'Variable':'$.n','NumericGreaterThan':10},{'Variable':'$.n','NumericLessThan':20}],'Next':'Teens'}],
                  'Default':'Other'},
                 'Csv':{'Type':'Pass','Result':'csv','End':true},
                 'Teens':{'Type':'Pass','Result':'teens','End':true},
                 'Other':{'Type':'Pass','Result':'other','End':true}}}""";

        @Test
        void firstMatchingRuleWins() {
            assertThat(run(MACHINE, "{'key':'incoming/a.csv','n':15}").output()).isEqualTo(json("'csv'"));
            assertThat(run(MACHINE, "{'key':'incoming/a.json','n':15}").output()).isEqualTo(json("'teens'"));
        }

        @Test
        void defaultWhenNothingMatches() {
            assertThat(run(MACHINE, "{'key':'a.json','n':1}").output()).isEqualTo(json("'other'"));
        }

        @Test
        void isPresentOnTheFirstElementTellsAnEmptyArrayFromANonEmptyOne() {
            var machine = """
                    {'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[
                        {'Variable':'$.items[0]','IsPresent':true,'Next':'Some'}],'Default':'None'},
                     'Some':{'Type':'Pass','Result':'some','End':true},
                     'None':{'Type':'Pass','Result':'none','End':true}}}""";
            assertThat(run(machine, "{'items':[]}").output()).isEqualTo(json("'none'"));
            assertThat(run(machine, "{'items':[{'a':1}]}").output()).isEqualTo(json("'some'"));
        }

        @Test
        void noMatchWithoutDefaultIsNoChoiceMatched() {
            var result = run("""
                    {'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Variable':'$.n','NumericEquals':1,'Next':'X'}]},
                     'X':{'Type':'Succeed'}}}""", "{'n':2}");
            assertThat(result.error()).isEqualTo("States.NoChoiceMatched");
        }

        @Test
        void outputPathAppliesToTheChoiceOutput() {
            var result = run("""
                    {'StartAt':'C','States':{'C':{'Type':'Choice','OutputPath':'$.x','Choices':[{'Variable':'$.n','NumericEquals':1,'Next':'X'}]},
                     'X':{'Type':'Succeed'}}}""", "{'n':1,'x':{'y':2}}");
            assertThat(result.output()).isEqualTo(json("{'y':2}"));
        }
    }

    @Nested
    class Wait {
        private final Instant now = Instant.parse("2026-11-24T12:00:00Z");

        private ExecutionResult waitRun(String state, String input, ArrayList<Duration> slept, double scale) {
            return AslExecutor.builder().timeScale(scale).sleeper(slept::add).clock(Clock.fixed(now, ZoneOffset.UTC)).build()
                    .execute(json(single(state)), json(input), ExecutionRequest.standard());
        }

        @Test
        void secondsAreScaledByTheTimeScale() {
            var slept = new ArrayList<Duration>();
            var result = waitRun("{'Type':'Wait','Seconds':10,'End':true}", "{'a':1}", slept, 0.5);
            assertThat(slept).containsExactly(Duration.ofSeconds(5));
            assertThat(result.output()).isEqualTo(json("{'a':1}"));
        }

        @Test
        void secondsPathReadsTheInput() {
            var slept = new ArrayList<Duration>();
            waitRun("{'Type':'Wait','SecondsPath':'$.delay','End':true}", "{'delay':3}", slept, 1);
            assertThat(slept).containsExactly(Duration.ofSeconds(3));
        }

        @Test
        void timestampWaitsUntilThatTime() {
            var slept = new ArrayList<Duration>();
            waitRun("{'Type':'Wait','Timestamp':'2026-11-24T12:01:30Z','End':true}", "{}", slept, 1);
            waitRun("{'Type':'Wait','TimestampPath':'$.at','End':true}", "{'at':'2026-11-24T12:00:07Z'}", slept, 1);
            waitRun("{'Type':'Wait','Timestamp':'2020-01-01T00:00:00Z','End':true}", "{}", slept, 1);
            assertThat(slept).containsExactly(Duration.ofSeconds(90), Duration.ofSeconds(7));
        }

        @Test
        void timeScaleZeroNeverSleeps() {
            var slept = new ArrayList<Duration>();
            waitRun("{'Type':'Wait','Seconds':1000,'End':true}", "{}", slept, 0);
            assertThat(slept).isEmpty();
        }

        @Test
        void badSecondsPathValueIsRuntimeError() {
            var result = waitRun("{'Type':'Wait','SecondsPath':'$.delay','End':true}", "{'delay':'soon'}", new ArrayList<>(), 1);
            assertThat(result.error()).isEqualTo("States.Runtime");
        }
    }

    @Nested
    class SucceedAndFail {
        @Test
        void succeedEndsWithItsInput() {
            var result = run("{'StartAt':'S','States':{'S':{'Type':'Succeed','OutputPath':'$.a'}}}", "{'a':{'b':1}}");
            assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(result.output()).isEqualTo(json("{'b':1}"));
        }

        @Test
        void failReportsErrorAndCause() {
            var result = run("{'StartAt':'F','States':{'F':{'Type':'Fail','Error':'OrderFile.Unreadable','Cause':'bad file'}}}", "{}");
            assertThat(result.toJson()).isEqualTo(json("{'status':'FAILED','error':'OrderFile.Unreadable','cause':'bad file'}"));
        }

        @Test
        void failReadsErrorPathAndCausePathIncludingIntrinsics() {
            var result = Asl.fastExecutor().build().execute(rawJson("""
                    {"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.code",
                     "CausePath":"States.Format('file {} failed', $.key)"}}}"""), json("{'code':'X.Y','key':'a.csv'}"),
                    ExecutionRequest.standard());
            assertThat(result.error()).isEqualTo("X.Y");
            assertThat(result.cause()).isEqualTo("file a.csv failed");
        }
    }

    @Nested
    class Parallel {
        @Test
        void branchOutputsAreInBranchOrder() {
            var result = run(single("""
                    {'Type':'Parallel','End':true,'ResultPath':'$.results','Branches':[
                     {'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':1,'Next':'A'},'A':{'Type':'Pass','Result':'first','End':true}}},
                     {'StartAt':'B','States':{'B':{'Type':'Pass','InputPath':'$.v','End':true}}}]}"""), "{'v':2}");
            assertThat(result.output()).isEqualTo(json("{'v':2,'results':['first',2]}"));
        }

        @Test
        void aFailingBranchStopsItsSiblings() {
            var entered = new io.orderpipeline.asl.support.RecordingListener();
            var siblingWaiting = new java.util.concurrent.CountDownLatch(1);
            var result = AslExecutor.builder().timeScale(1).listener(entered).sleeper(d -> {
                if (d.equals(Duration.ofSeconds(1))) { // the sibling: still waiting when the other branch fails
                    siblingWaiting.countDown();
                    Thread.sleep(300);
                } else {                               // the failing branch: fails once the sibling waits
                    siblingWaiting.await();
                }
            }).build().execute(json(single("""
                    {'Type':'Parallel','End':true,'Branches':[
                     {'StartAt':'Hold','States':{'Hold':{'Type':'Wait','Seconds':2,'Next':'F'},'F':{'Type':'Fail','Error':'Branch.Broke'}}},
                     {'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':1,'Next':'After'},'After':{'Type':'Pass','End':true}}}]}""")),
                    json("{}"), ExecutionRequest.standard());
            assertThat(result.error()).isEqualTo("Branch.Broke");
            assertThat(entered.statesEntered).contains("W", "F").doesNotContain("After");
        }

        @Test
        void aFailingBranchFailsTheStateWithItsError() {
            var result = run("""
                    {'StartAt':'P','States':{'P':{'Type':'Parallel','End':true,
                     'Catch':[{'ErrorEquals':['Branch.Broke'],'ResultPath':'$.err','Next':'H'}],
                     'Branches':[{'StartAt':'F','States':{'F':{'Type':'Fail','Error':'Branch.Broke','Cause':'no'}}},
                                 {'StartAt':'OK','States':{'OK':{'Type':'Pass','End':true}}}]},
                     'H':{'Type':'Pass','End':true}}}""", "{}");
            assertThat(result.output()).isEqualTo(json("{'err':{'Error':'Branch.Broke','Cause':'no'}}"));
        }
    }
}
