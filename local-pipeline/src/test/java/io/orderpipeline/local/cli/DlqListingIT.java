package io.orderpipeline.local.cli;

import io.orderpipeline.local.OrderFiles;
import io.orderpipeline.local.OrderFiles.Format;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #11 §6: {@code ./pipeline dlq} lists one line per record, its repeats counted. A file uploaded twice parks each
 * invalid record twice (the table is idempotent, the DLQ is not); both messages carry the same {@code recordId}
 * (docs/data-contracts.md §4), so the listing shows each record once with 2 copies.
 */
class DlqListingIT {
    @TempDir
    Path work;
    private Rehearsal rehearsal;

    @BeforeEach
    void serve() throws Exception {
        rehearsal = new Rehearsal(work);
    }

    @AfterEach
    void stop() {
        rehearsal.close();
    }

    @Test
    void aFileUploadedTwiceListsEachInvalidRecordOnceWithItsCopies() {
        var r = rehearsal;
        var file = r.file("twice.jsonl", OrderFiles.render(OrderFiles.orders("TWICE", 2, 3), Format.JSONL));
        var first = r.cli("upload", file.toString());
        assertThat(first.exit()).as(first.toString()).isZero();
        var once = r.cli("dlq");
        assertThat(once.out()).contains("3 messages in the DLQ").contains("3 records (0 repeated");
        assertThat(copiesColumn(once.out())).containsOnly(1).hasSize(3);

        var second = r.cli("upload", file.toString());
        assertThat(second.exit()).as(second.toString()).isZero();
        // another invalid record, once: it is not collapsed with the others
        var other = r.file("other.jsonl", OrderFiles.render(OrderFiles.orders("OTHER", 0, 1), Format.JSONL));
        assertThat(r.cli("upload", other.toString()).exit()).isZero();

        var listed = r.cli("dlq");
        assertThat(listed.exit()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains("7 messages in the DLQ {TOTAL_MISMATCH=7}")
                .contains("4 records (3 repeated messages of the same recordId collapsed)");
        for (int n = 2; n < 5; n++) {
            var orderId = OrderFiles.id("TWICE", n);
            assertThat(listed.out().lines().filter(l -> l.contains(orderId)))
                    .as(orderId).singleElement().asString().containsPattern("incoming/twice.jsonl\\s+2 ");
        }
        assertThat(listed.out().lines().filter(l -> l.contains(OrderFiles.id("OTHER", 0))))
                .singleElement().asString().containsPattern("incoming/other.jsonl\\s+1 ");
        assertThat(copiesColumn(listed.out())).containsExactlyInAnyOrder(2, 2, 2, 1);

        var limited = r.cli("dlq", "--limit", "1");
        assertThat(copiesColumn(limited.out())).hasSize(1);
        assertThat(limited.out()).contains("... 3 more records (--limit 1)");
    }

    /** The COPIES column of each record line. */
    private static java.util.List<Integer> copiesColumn(String out) {
        var line = Pattern.compile("^\\S+\\s+ORDER\\s+ORD-\\S+\\s+incoming/\\S+\\s+(\\d+) ");
        return out.lines().map(line::matcher).filter(java.util.regex.Matcher::find)
                .map(m -> Integer.parseInt(m.group(1))).toList();
    }
}
