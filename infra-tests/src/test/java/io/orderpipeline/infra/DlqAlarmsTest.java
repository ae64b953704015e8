package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.orderpipeline.cfn.Template.Resource;

/**
 * #21 §4: the queues' alarms replayed against what SQS reports for a parked order that people look at. SQS's metrics
 * page (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html)
 * says: a received message is in flight (ApproximateNumberOfMessagesNotVisible, not ...Visible) until its visibility
 * timeout ends, and "after a message is received three times (or more) and not processed, the message is moved to the
 * back of the queue and the ApproximateAgeOfOldestMessage metric points at the second-oldest message that hasn't been
 * received more than three times". Each alarm is evaluated as CloudWatch does (per period statistic, M of N
 * breaching, missing data not breaching; https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html)
 * on per-minute data points of that model.
 */
class DlqAlarmsTest {

    private static final int MINUTES = 5 * 24 * 60;
    private final SamTemplate template = SamTemplate.load();

    /** Per-minute values of the queue's metrics; null = SQS reports no data point. */
    record QueueMetrics(Map<String, Double[]> series) {
        Double at(String metric, int minute) {
            var values = series.get(metric);
            return values == null ? null : values[minute];
        }
    }

    /**
     * One message parked at minute 0 and never deleted; a dry run or a {@code dlq} listing receives it every
     * {@code receiveEveryMinutes} (in flight for that minute). After its third receive the age metric skips it: with
     * no other message there is no data point.
     */
    static QueueMetrics parkedMessageLookedAt(int receiveEveryMinutes) {
        return parkedMessageLookedAt(receiveEveryMinutes, 1);
    }

    /** As above, each receive keeping the message in flight for {@code visibilityMinutes}. */
    static QueueMetrics parkedMessageLookedAt(int receiveEveryMinutes, int visibilityMinutes) {
        var visible = new Double[MINUTES];
        var inFlight = new Double[MINUTES];
        var age = new Double[MINUTES];
        int receives = 0;
        int inFlightUntil = -1;
        for (int m = 0; m < MINUTES; m++) {
            if (m > 0 && m % receiveEveryMinutes == 0) {
                receives++;
                inFlightUntil = m + visibilityMinutes;
            }
            boolean received = m < inFlightUntil;
            visible[m] = received ? 0.0 : 1.0;
            inFlight[m] = received ? 1.0 : 0.0;
            age[m] = receives >= 3 ? null : m * 60.0;
        }
        return new QueueMetrics(Map.of("ApproximateNumberOfMessagesVisible", visible,
                "ApproximateNumberOfMessagesNotVisible", inFlight, "ApproximateAgeOfOldestMessage", age));
    }

    /** The first minute (end of a period) at which the alarm is in ALARM, or -1. */
    static int firstAlarmMinute(Resource alarm, QueueMetrics queue) {
        int period = evaluator(alarm).periodMinutes();
        for (int end = period; end <= MINUTES; end += period) {
            if (inAlarmAt(alarm, queue, end)) {
                return end;
            }
        }
        return -1;
    }

    /** Whether the alarm is in ALARM when evaluated over the periods that end at minute {@code end}. */
    static boolean inAlarmAt(Resource alarm, QueueMetrics queue, int end) {
        var p = alarm.properties();
        int periods = ((Number) p.get("EvaluationPeriods")).intValue();
        int needed = p.get("DatapointsToAlarm") == null ? periods : ((Number) p.get("DatapointsToAlarm")).intValue();
        double threshold = ((Number) p.get("Threshold")).doubleValue();
        assertThat(p.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
        assertThat(p.get("TreatMissingData")).isEqualTo("notBreaching");
        var evaluate = evaluator(alarm);
        int period = evaluate.periodMinutes();
        int breaching = 0;
        for (int k = 0; k < periods; k++) {
            int from = end - (k + 1) * period;
            if (from < 0) {
                break;
            }
            var value = evaluate.value(queue, from, from + period);
            if (value != null && value > threshold) {
                breaching++;
            }
        }
        return breaching >= needed;
    }

    interface Evaluator {
        int periodMinutes();

        Double value(QueueMetrics queue, int from, int to);
    }

    private static Double statistic(QueueMetrics queue, String metric, String stat, int from, int to) {
        Double result = null;
        for (int m = from; m < to; m++) {
            var v = queue.at(metric, m);
            if (v != null) {
                result = result == null ? v : stat.equals("Sum") ? result + v : Math.max(result, v);
            }
        }
        return result;
    }

    private static final Pattern SUM_OF_FILLS = Pattern.compile("\\s*FILL\\((\\w+),\\s*0\\)\\s*(?:\\+|$)");

    /** A single-metric alarm, or metric math of the form FILL(a, 0) + FILL(b, 0) + ... */
    static Evaluator evaluator(Resource alarm) {
        var p = alarm.properties();
        if (p.get("MetricName") != null) {
            int period = ((Number) p.get("Period")).intValue() / 60;
            var metric = String.valueOf(p.get("MetricName"));
            var stat = String.valueOf(p.get("Statistic"));
            return new Evaluator() {
                public int periodMinutes() { return period; }
                public Double value(QueueMetrics q, int from, int to) { return statistic(q, metric, stat, from, to); }
            };
        }
        var stats = new LinkedHashMap<String, Map<String, Object>>();
        String expression = null;
        for (var query : Yamls.list(p.get("Metrics"))) {
            var q = Yamls.map(query);
            if (q.get("Expression") != null) {
                expression = String.valueOf(q.get("Expression"));
            } else {
                stats.put(String.valueOf(q.get("Id")), Yamls.map(q.get("MetricStat")));
            }
        }
        var ids = new ArrayList<String>();
        var m = SUM_OF_FILLS.matcher(expression);
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertThat(ids).as("%s: the replay understands sums of FILL(x, 0) only, not %s", alarm.logicalId(), expression)
                .isNotEmpty().allMatch(stats::containsKey);
        int period = ((Number) stats.values().iterator().next().get("Period")).intValue() / 60;
        return new Evaluator() {
            public int periodMinutes() { return period; }
            public Double value(QueueMetrics q, int from, int to) {
                double sum = 0;
                for (var id : ids) {
                    var stat = stats.get(id);
                    var v = statistic(q, String.valueOf(Yamls.at(stat, "Metric", "MetricName")), String.valueOf(stat.get("Stat")), from, to);
                    sum += v == null ? 0 : v;
                }
                return sum;
            }
        };
    }

    /** The alarms whose metrics are the queue's. */
    private List<Resource> alarmsOn(String queueId) {
        return template.resourcesOfType("AWS::CloudWatch::Alarm").stream()
                .filter(a -> Intrinsic.references(a.properties()).contains(queueId)
                        && String.valueOf(a.properties()).contains("AWS/SQS"))
                .toList();
    }

    @Test
    void aParkedOrderThatPeopleLookAtStillRaisesTheDlqAlarmsAndTheThreeDayOneBeforeItExpires() {
        var queue = parkedMessageLookedAt(12 * 60); // a dry run twice a day
        var alarms = alarmsOn("OrdersDlq");
        assertThat(alarms).extracting(Resource::logicalId).contains("DlqNotEmptyAlarm", "DlqNotDrainedAlarm");
        var notEmpty = firstAlarmMinute(template.resource("DlqNotEmptyAlarm"), queue);
        assertThat(notEmpty).as("DlqNotEmptyAlarm").isBetween(0, 10);
        var inspected = parkedMessageLookedAt(15, 15);
        assertThat(inAlarmAt(template.resource("DlqNotEmptyAlarm"), inspected, 120)).as("DlqNotEmptyAlarm while inspected").isTrue();
        var notDrained = firstAlarmMinute(template.resource("DlqNotDrainedAlarm"), queue);
        assertThat(notDrained).as("DlqNotDrainedAlarm: 3 days after the message was parked")
                .isBetween(3 * 24 * 60, 3 * 24 * 60 + 60);
        for (var alarm : alarms) {
            assertThat(Intrinsic.render(alarm.properties())).as("%s uses a metric a receive can blind", alarm.logicalId())
                    .doesNotContain("ApproximateAgeOfOldestMessage");
        }
    }

    /** The replay itself: an alarm on the age, as the template had it, never fires for that message. */
    @Test
    void theAgeOfTheOldestMessageGoesBlindAfterThreeReceives() {
        var ageAlarm = io.orderpipeline.cfn.Template.parse("""
                Resources:
                  Age:
                    Type: AWS::CloudWatch::Alarm
                    Properties:
                      Namespace: AWS/SQS
                      MetricName: ApproximateAgeOfOldestMessage
                      Statistic: Maximum
                      Period: 300
                      EvaluationPeriods: 1
                      Threshold: 259200
                      ComparisonOperator: GreaterThanThreshold
                      TreatMissingData: notBreaching
                """, ProjectFiles.root()).resource("Age");
        assertThat(firstAlarmMinute(ageAlarm, parkedMessageLookedAt(12 * 60))).isEqualTo(-1);
        assertThat(firstAlarmMinute(ageAlarm, parkedMessageLookedAt(MINUTES))).as("never received").isBetween(3 * 24 * 60, 3 * 24 * 60 + 5);
    }

    @Test
    void theParkingQueueAndTheRulesDeadLettersAlarmWhileTheirMessagesAreInFlightToo() {
        for (var queueId : List.of("OrdersParkingQueue", "OrderFileEventsDlq")) {
            var alarms = alarmsOn(queueId);
            assertThat(alarms).as(queueId).isNotEmpty();
            // someone inspecting the message with a 15-minute visibility window every 15 minutes: in flight from
            // minute 15 on, never visible again; two hours later the queue still holds it and its alarm must say so
            var queue = parkedMessageLookedAt(15, 15);
            assertThat(alarms).as(queueId + " two hours on").allMatch(a -> inAlarmAt(a, queue, 120));
        }
    }
}
