package io.orderpipeline.local.smoke;

import io.orderpipeline.local.smoke.AlarmVerdicts.Alarm;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A stack's alarms as the smoke judges them. */
class AlarmVerdictsTest {
    private static final Instant STARTED = Instant.parse("2026-12-07T10:00:00Z");
    private static final Map<String, String> STACK = Map.of("ReconciliationAlarm", "s-ReconciliationAlarm-1",
            "DlqNotEmptyAlarm", "s-DlqNotEmptyAlarm-2");

    private static Alarm alarm(String name, String state, String updated) {
        return new Alarm(name, state, Instant.parse(updated), "Threshold Crossed: 1 datapoint [3.0 (07/12/26 10:01:00)]");
    }

    @Test
    void theStacksAlarmsExistWhenTheTemplatesAreTheStacksAndCloudWatchHasEach() {
        var found = Map.of("s-ReconciliationAlarm-1", alarm("s-ReconciliationAlarm-1", "OK", "2026-12-01T00:00:00Z"),
                "s-DlqNotEmptyAlarm-2", alarm("s-DlqNotEmptyAlarm-2", "ALARM", "2026-12-07T10:01:00Z"));

        var verdict = AlarmVerdicts.existence(STACK.keySet(), STACK, found);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.detail()).isEqualTo("2 alarms exist {ALARM=1, OK=1}, in ALARM: [DlqNotEmptyAlarm]");
    }

    @Test
    void anAlarmTheTemplateDeclaresButTheStackLacksOrCloudWatchLostFails() {
        var found = Map.of("s-ReconciliationAlarm-1", alarm("s-ReconciliationAlarm-1", "OK", "2026-12-01T00:00:00Z"));

        var verdict = AlarmVerdicts.existence(Set.of("ReconciliationAlarm", "DlqNotEmptyAlarm", "DlqNotDrainedAlarm"),
                STACK, found);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.detail()).contains("template.yaml declares [DlqNotDrainedAlarm] but the stack has not")
                .contains("not in CloudWatch: [DlqNotEmptyAlarm]");
        assertThat(AlarmVerdicts.existence(Set.of(), Map.of(), Map.of()).detail()).contains("the stack has no alarm");
    }

    @Test
    void theReconciliationAlarmFailsOnlyWhenItWentIntoAlarmDuringTheSmoke() {
        var ok = alarm("r", "OK", "2026-12-01T00:00:00Z");
        var alarmSinceBefore = alarm("r", "ALARM", "2026-12-07T09:00:00Z");
        var alarmDuring = alarm("r", "ALARM", "2026-12-07T10:03:00Z");

        assertThat(AlarmVerdicts.reconciliation(ok, ok, STARTED, 120))
                .isEqualTo(new AlarmVerdicts.Verdict(true, "OK 120 s after the last execution ended"));
        assertThat(AlarmVerdicts.reconciliation(alarmSinceBefore, alarmSinceBefore, STARTED, 120).passed()).isTrue();
        assertThat(AlarmVerdicts.reconciliation(alarmSinceBefore, alarmSinceBefore, STARTED, 120).detail())
                .contains("before the smoke started").contains("not because of it");
        assertThat(AlarmVerdicts.reconciliation(ok, alarmDuring, STARTED, 120).passed()).isFalse();
        assertThat(AlarmVerdicts.reconciliation(null, alarmDuring, STARTED, 120).detail())
                .startsWith("went into ALARM at 2026-12-07T10:03:00Z");
        assertThat(AlarmVerdicts.reconciliation(ok, null, STARTED, 120).passed()).isFalse();
    }
}
