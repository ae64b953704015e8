package io.orderpipeline.reconciler.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the ledger keeps of the children's reports, and which report wins when several name one index. */
class LedgerTest {

    static final String HASH = "5f0c9a7e3b2d4c1f8e6a9b0c7d2e4f1a3b5c7d9e0f1a2b3c4d5e6f708192a3b4";
    static final String RECORD_ID = "9a71c0d2e4f8b3a65d1e0f9c8b7a6d5e";

    final Ledger ledger = new Ledger();

    @Test
    void anIndexNoChildReportedIsNoneAndSaysNothing() {
        ledger.report(2, Ledger.Reported.VALID, RECORD_ID, null, null, null);

        assertThat(ledger.state(0)).isEqualTo(Ledger.Reported.NONE);
        assertThat(ledger.state(5_000_000)).isEqualTo(Ledger.Reported.NONE);
        assertThat(ledger.reason(0)).isNull();
        assertThat(ledger.note(0)).isNull();
        assertThat(ledger.recordIdDiffers(0, RECORD_ID)).isFalse();
        assertThat(ledger.contentHashEquals(0, HASH)).isFalse();
        assertThat(ledger.size()).isEqualTo(3);
    }

    @Test
    void theWriteOutcomeFollowsTheValidatorsReportAndKeepsItsRecordId() {
        ledger.report(0, Ledger.Reported.VALID, RECORD_ID, null, null, null);
        ledger.report(0, Ledger.Reported.STORED, null, HASH, null, null);

        assertThat(ledger.state(0)).isEqualTo(Ledger.Reported.STORED);
        assertThat(ledger.recordIdDiffers(0, RECORD_ID)).isFalse();
        assertThat(ledger.recordIdDiffers(0, "f".repeat(32))).isTrue();
        assertThat(ledger.contentHashEquals(0, HASH)).isTrue();
        assertThat(ledger.contentHashEquals(0, "0".repeat(64))).isFalse();
    }

    @Test
    void aFailedChildNeverOverwritesWhatASucceededChildReported() {
        // a redriven or duplicated child: one run succeeded, another failed with the same indexes
        ledger.report(0, Ledger.Reported.STORED, RECORD_ID, HASH, null, null);
        ledger.failed(0, "its batch failed (child-2): States.Timeout");
        ledger.failed(1, "its batch failed (child-2): States.Timeout");

        assertThat(ledger.state(0)).isEqualTo(Ledger.Reported.STORED);
        assertThat(ledger.note(0)).isNull();
        assertThat(ledger.state(1)).isEqualTo(Ledger.Reported.FAILED);
        assertThat(ledger.note(1)).contains("States.Timeout");
    }

    @Test
    void aSuccessReportedAfterAFailureReplacesItAndDropsItsNote() {
        ledger.failed(0, "its batch failed (child-1): Lambda.Unknown");
        ledger.report(0, Ledger.Reported.PARKED, RECORD_ID, null, "TOTAL_MISMATCH", null);

        assertThat(ledger.state(0)).isEqualTo(Ledger.Reported.PARKED);
        assertThat(ledger.note(0)).isNull();
        assertThat(ledger.reason(0)).isEqualTo("TOTAL_MISMATCH");
    }

    @Test
    void anUnsentSendKeepsTheReasonTheValidatorGaveAndNotesWhyItWasNotSent() {
        ledger.report(3, Ledger.Reported.INVALID, RECORD_ID, null, "INVALID_SKU", null);
        ledger.report(3, Ledger.Reported.UNSENT, null, null, null, "its DLQ message could not be sent: SQS.X");

        assertThat(ledger.state(3)).isEqualTo(Ledger.Reported.UNSENT);
        assertThat(ledger.reason(3)).isEqualTo("INVALID_SKU");
        assertThat(ledger.note(3)).isEqualTo("its DLQ message could not be sent: SQS.X");
    }

    @Test
    void identitiesAreComparedOnTheirFirst64BitsAndTextThatIsNotHexIsNeverEqualToADigest() {
        ledger.report(0, Ledger.Reported.STORED, null, HASH, null, null);
        ledger.report(1, Ledger.Reported.STORED, null, "not a digest", null, null);

        assertThat(ledger.contentHashEquals(0, HASH.substring(0, 16) + "0".repeat(48))).isTrue();
        assertThat(ledger.contentHashEquals(0, "0" + HASH.substring(1))).isFalse();
        assertThat(ledger.contentHashEquals(1, HASH)).isFalse();
        assertThat(ledger.contentHashEquals(1, "not a digest")).isTrue();
    }

    @Test
    void itGrowsToAMillionIndexesWithoutLosingEarlierReports() {
        ledger.report(0, Ledger.Reported.BLANK, null, null, null, null);
        ledger.report(999_999, Ledger.Reported.DEFERRED, RECORD_ID, null, "BATCH_OUTPUT_FULL", "deferred");

        assertThat(ledger.size()).isEqualTo(1_000_000);
        assertThat(ledger.state(0)).isEqualTo(Ledger.Reported.BLANK);
        assertThat(ledger.state(999_999)).isEqualTo(Ledger.Reported.DEFERRED);
        assertThat(ledger.reason(999_999)).isEqualTo("BATCH_OUTPUT_FULL");
        assertThat(ledger.state(500_000)).isEqualTo(Ledger.Reported.NONE);
    }

    @Test
    void aNegativeIndexOrMoreDistinctReasonsThanItCanNameAreRefused() {
        assertThatThrownBy(() -> ledger.report(-1, Ledger.Reported.VALID, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        for (int i = 0; i < 126; i++) {
            ledger.report(i, Ledger.Reported.PARKED, null, null, "REASON_" + i, null);
        }
        assertThat(ledger.reason(125)).isEqualTo("REASON_125");
        assertThatThrownBy(() -> ledger.report(200, Ledger.Reported.PARKED, null, null, "ONE_TOO_MANY", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("distinct reasons");
    }
}
