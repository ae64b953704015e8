package io.orderpipeline.reconciler.aws;

import io.orderpipeline.reconciler.core.DeadLetters;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SqsDeadLettersTest {

    static DeadLetters.Letter letter(int id, int bodyBytes) {
        return new DeadLetters.Letter(Integer.toString(id), "x".repeat(bodyBytes), Map.of("reasonCode", "TOTAL_MISMATCH"));
    }

    @Test
    void lettersGoInBatchesOfAtMostTenAndAtMostSqsLimitAndALargeOneAlone() {
        var letters = new ArrayList<DeadLetters.Letter>();
        for (int i = 0; i < 23; i++) {
            letters.add(letter(i, 100));
        }
        letters.add(5, letter(100, 300_000));              // over SQS's limit: alone, through the claim check
        letters.add(letter(101, 200_000));
        letters.add(letter(102, 100_000));                // the two together would be over 262,144 bytes

        List<List<DeadLetters.Letter>> calls = SqsDeadLetters.group(letters);

        assertThat(calls).allSatisfy(call -> {
            assertThat(call).hasSizeLessThanOrEqualTo(SqsDeadLetters.BATCH_ENTRIES);
            if (call.size() > 1) {
                assertThat(call.stream().mapToLong(DeadLetters.Letter::sizeInBytes).sum())
                        .isLessThanOrEqualTo(DeadLetters.SQS_MAX_MESSAGE_BYTES);
            }
        });
        assertThat(calls).filteredOn(call -> call.getFirst().id().equals("100")).singleElement()
                .satisfies(call -> assertThat(call).hasSize(1));
        assertThat(calls.stream().mapToInt(List::size).sum()).isEqualTo(letters.size());
        assertThat(calls.stream().flatMap(List::stream).map(DeadLetters.Letter::id).toList())
                .containsExactlyInAnyOrderElementsOf(letters.stream().map(DeadLetters.Letter::id).toList());
    }
}
