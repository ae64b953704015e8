package io.orderpipeline.local.smoke;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the smoke concludes from a stack's alarms (the CloudWatch calls are {@link Smoke}'s). */
final class AlarmVerdicts {
    static final String RECONCILIATION = "ReconciliationAlarm";

    private AlarmVerdicts() {
    }

    /** One alarm as CloudWatch describes it. */
    record Alarm(String name, String state, Instant updated, String reason) {
        boolean inAlarm() {
            return "ALARM".equals(state);
        }
    }

    record Verdict(boolean passed, String detail) {
    }

    /**
     * The stack's alarms exist: every alarm template.yaml declares is a resource of the stack, and every alarm of the
     * stack is in CloudWatch.
     *
     * @param declared   the template's alarm logical ids (empty when the template could not be read)
     * @param ofTheStack the stack's alarms, logical id to alarm name (ListStackResources)
     * @param found      the alarms CloudWatch described, by name
     */
    static Verdict existence(Set<String> declared, Map<String, String> ofTheStack, Map<String, Alarm> found) {
        var problems = new ArrayList<String>();
        var notDeployed = new TreeSet<>(declared);
        notDeployed.removeAll(ofTheStack.keySet());
        if (!notDeployed.isEmpty()) {
            problems.add("template.yaml declares " + notDeployed + " but the stack has not (deployed from another version?)");
        }
        if (ofTheStack.isEmpty()) {
            problems.add("the stack has no alarm");
        }
        var gone = new TreeSet<String>();
        ofTheStack.forEach((logicalId, name) -> {
            if (!found.containsKey(name)) {
                gone.add(logicalId);
            }
        });
        if (!gone.isEmpty()) {
            problems.add("not in CloudWatch: " + gone);
        }
        if (!problems.isEmpty()) {
            return new Verdict(false, String.join("; ", problems));
        }
        var states = new TreeMap<String, Integer>();
        found.values().forEach(a -> states.merge(a.state(), 1, Integer::sum));
        var inAlarm = new TreeSet<String>();
        ofTheStack.forEach((logicalId, name) -> {
            if (found.get(name).inAlarm()) {
                inAlarm.add(logicalId);
            }
        });
        return new Verdict(true, ofTheStack.size() + " alarms exist " + states
                + (inAlarm.isEmpty() ? "" : ", in ALARM: " + inAlarm));
    }

    /**
     * The reconciliation alarm is not in ALARM because of the smoke: not in ALARM now, or in ALARM since before the
     * smoke started (its state unchanged since; the run's own reports show nothing unaccounted or altered).
     *
     * @param before the alarm when the smoke started, null when it could not be read then
     * @param after  the alarm once CloudWatch evaluated the run's metrics, null when the stack has none
     */
    static Verdict reconciliation(Alarm before, Alarm after, Instant started, long waitedSeconds) {
        if (after == null) {
            return new Verdict(false, "the stack has no " + RECONCILIATION);
        }
        if (!after.inAlarm()) {
            return new Verdict(true, after.state() + " " + waitedSeconds + " s after the last execution ended");
        }
        if (before != null && before.inAlarm() && after.updated().equals(before.updated())) {
            return new Verdict(true, "in ALARM since " + before.updated() + ", before the smoke started (" + started
                    + "), not because of it: " + before.reason());
        }
        return new Verdict(false, "went into ALARM at " + after.updated() + " (the smoke started at " + started + "): "
                + after.reason());
    }

    static List<String> names(Map<String, String> ofTheStack) {
        return List.copyOf(ofTheStack.values());
    }
}
