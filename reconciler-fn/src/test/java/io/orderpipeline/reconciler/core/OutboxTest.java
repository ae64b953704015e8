package io.orderpipeline.reconciler.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The send buffer: chunks, and what each outcome (sent, refused, missing) means for the tally. */
class OutboxTest {

    final Tally tally = new Tally();
    final List<Integer> callSizes = new ArrayList<>();

    static DeadLetters.Letter letter(int index, int bodyBytes) {
        return new DeadLetters.Letter(Integer.toString(index), "x".repeat(bodyBytes),
                Map.of("reasonCode", "TOTAL_MISMATCH"));
    }

    Outbox outbox(DeadLetters deadLetters) {
        return new Outbox(letters -> {
            callSizes.add(letters.size());
            return deadLetters.send(letters);
        }, tally);
    }

    static List<DeadLetters.Outcome> allSent(List<DeadLetters.Letter> letters) {
        return letters.stream().map(l -> new DeadLetters.Outcome(l.id(), true, false, null)).toList();
    }

    @Test
    void lettersWaitUntilAChunkIsFullOrFlushIsCalled() {
        var outbox = outbox(OutboxTest::allSent);
        for (int i = 0; i < Outbox.CHUNK + 5; i++) {
            outbox.post(i, "rid-" + i, letter(i, 10), "why");
        }
        assertThat(callSizes).containsExactly(Outbox.CHUNK);

        outbox.flush();
        outbox.flush();

        assertThat(callSizes).containsExactly(Outbox.CHUNK, 5);
        assertThat(tally.counts().parkedByReconciler()).isEqualTo(Outbox.CHUNK + 5);
        assertThat(tally.parkedByReason()).containsExactly(Map.entry("TOTAL_MISMATCH", (long) Outbox.CHUNK + 5));
    }

    @Test
    void aChunkIsSentOnceItsBodiesReachTheByteBound() {
        var outbox = outbox(OutboxTest::allSent);
        int body = (int) (Outbox.CHUNK_BYTES / 4);
        for (int i = 0; i < 4; i++) {
            outbox.post(i, "rid-" + i, letter(i, body), "why");
        }

        assertThat(callSizes).containsExactly(4);
    }

    @Test
    void aSentLetterIsParkedWithItsReasonAndWhyAndARefusedOrUnansweredOneIsUnaccounted() {
        var outbox = outbox(letters -> List.of(
                new DeadLetters.Outcome("0", true, true, null),
                new DeadLetters.Outcome("1", false, false, "SQS AccessDenied: not allowed"),
                new DeadLetters.Outcome("99", true, false, null)));
        outbox.post(0, "rid-0", letter(0, 10), "its batch failed");
        outbox.post(1, "rid-1", letter(1, 10), "no child reported it");
        outbox.post(2, "rid-2", letter(2, 10), "its DLQ message could not be sent");

        outbox.flush();

        assertThat(tally.parked()).containsExactly(
                new ReconciliationReport.Parked(0, "rid-0", "TOTAL_MISMATCH", "its batch failed", true));
        assertThat(tally.unaccountedEntries()).containsExactly(
                new ReconciliationReport.Unaccounted(1, "no child reported it; parking it failed: SQS AccessDenied:"
                        + " not allowed"),
                new ReconciliationReport.Unaccounted(2, "its DLQ message could not be sent; parking it failed: no"
                        + " outcome"));
        assertThat(tally.counts().unaccounted()).isEqualTo(2);
        assertThat(tally.anyUnaccounted()).isTrue();
    }

    @Test
    void theReportListsAreCutAtTheirLimitWhileTheCountsStayExact() {
        var outbox = outbox(OutboxTest::allSent);
        for (int i = 0; i < Reconciler.LIST_LIMIT + 1; i++) {
            outbox.post(i, "rid-" + i, letter(i, 1), "why");
        }
        outbox.flush();

        assertThat(tally.parked()).hasSize(Reconciler.LIST_LIMIT);
        assertThat(tally.truncated()).isTrue();
        assertThat(tally.counts().parkedByReconciler()).isEqualTo(Reconciler.LIST_LIMIT + 1);
    }
}
