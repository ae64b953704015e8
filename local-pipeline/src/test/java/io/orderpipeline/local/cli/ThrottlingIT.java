package io.orderpipeline.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.local.OrderFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #22 §2: a file whose write demand is far beyond the table's write capacity ({@code serve --table-write-capacity 1}:
 * one write unit per second for the table and one for its index, while the state machine sends 8 puts at once),
 * uploaded and redriven with the {@code ./pipeline} commands. Whatever the definition's Retry does, nothing is lost: every valid
 * order ends in the table — at once, or parked with a reason that says its write was throttled and then stored by
 * {@code ./pipeline redrive} — every invalid order is in the DLQ with its own reason, and the summary counts the
 * throttled requests and the retries they caused.
 */
class ThrottlingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double CAPACITY = 1;
    private static final int VALID = 16;

    @TempDir
    Path work;
    private Rehearsal rehearsal;

    @BeforeEach
    void start() throws Exception {
        rehearsal = new Rehearsal(work, CAPACITY);
    }

    @AfterEach
    void stop() {
        if (rehearsal != null) {
            rehearsal.close();
        }
    }

    @Test
    void aFileFiveTimesOverTheTablesCapacityLosesNothingAndTheRedriveStoresWhatWasThrottled() throws Exception {
        assertThat(rehearsal.banner).contains("write capacity 1 units/s");
        var orders = OrderFiles.orders("THROTTLE", VALID, 2);
        var file = rehearsal.file("throttled.jsonl", OrderFiles.render(orders, OrderFiles.Format.JSONL));
        var valid = new HashSet<String>();
        orders.subList(0, VALID).forEach(o -> valid.add(o.get("orderId").asText()));

        var upload = rehearsal.cli("upload", file.toString());

        System.out.println(upload); // the summary, in the failsafe report's output
        assertThat(upload.exit()).as(upload.toString()).isZero();
        assertThat(upload.out()).contains("Conservation      OK");
        var throttled = Pattern.compile("Throttled\\s+([0-9,]+) of ([0-9,]+) write requests over 1 write units/s per"
                + " table and index \\(peak demand ([0-9,]+) units/s; ThrottlingException\\): ([0-9,]+) met the state"
                + " machine's puts \\(([0-9,]+) retried by its Retry").matcher(upload.out());
        assertThat(throttled.find()).as(upload.out()).isTrue();
        long refused = number(throttled.group(1));
        long requests = number(throttled.group(2));
        assertThat(number(throttled.group(3))).as("the demand was at least five times the capacity")
                .isGreaterThanOrEqualTo(5);
        assertThat(refused).isPositive();
        assertThat(requests).isGreaterThan(refused);
        assertThat(number(throttled.group(5))).as("the state machine retried after throttling").isPositive();

        var stored = stored("ORD-THROTTLE");
        var parked = dlq();
        // every valid order is stored, or parked saying its write was throttled: none for another reason
        for (JsonNode message : parked) {
            String orderId = message.path("orderId").asText(message.path("record").path("orderId").asText());
            if (valid.contains(orderId)) {
                assertThat(message.at("/reasons/0/message").asText().toLowerCase(Locale.ROOT))
                        .as("a valid order parked for capacity says so: " + message).contains("throttl");
            } else {
                assertThat(message.at("/reasons/0/code").asText()).isEqualTo("TOTAL_MISMATCH");
            }
        }
        var parkedValid = parked.stream().map(m -> m.path("orderId").asText()).filter(valid::contains).toList();
        assertThat(stored.size() + parkedValid.size()).as("each valid order in exactly one place").isEqualTo(VALID);
        assertThat(new HashSet<>(parkedValid)).doesNotContainAnyElementsOf(stored);

        var redrive = rehearsal.cli("redrive", "--max", "200");
        System.out.println(redrive);

        assertThat(redrive.exit()).as(redrive.toString()).isZero();
        assertThat(stored("ORD-THROTTLE")).as("the redrive stored every throttled order").containsExactlyInAnyOrderElementsOf(valid);
        var left = dlq();
        assertThat(left).hasSize(2).allSatisfy(m -> assertThat(m.at("/reasons/0/code").asText()).isEqualTo("TOTAL_MISMATCH"));
    }

    private Set<String> stored(String prefix) {
        var ids = new HashSet<String>();
        for (var page : rehearsal.dynamoDb.scanPaginator(b -> b.tableName(rehearsal.tableName()).consistentRead(true)
                .filterExpression("begins_with(orderId, :p)")
                .expressionAttributeValues(java.util.Map.of(":p", AttributeValue.fromS(prefix))))) {
            page.items().forEach(item -> ids.add(item.get("orderId").s()));
        }
        return ids;
    }

    /** The DLQ's bodies (received and released again, as {@code ./pipeline dlq} does). */
    private List<JsonNode> dlq() throws Exception {
        var bodies = new ArrayList<JsonNode>();
        var receipts = new ArrayList<String>();
        while (true) {
            var messages = rehearsal.sqs.receiveMessage(b -> b.queueUrl(rehearsal.dlqUrl()).maxNumberOfMessages(10)
                    .visibilityTimeout(30).waitTimeSeconds(0)).messages();
            if (messages.isEmpty()) {
                break;
            }
            for (var message : messages) {
                bodies.add(JSON.readTree(message.body()));
                receipts.add(message.receiptHandle());
            }
        }
        for (String receipt : receipts) {
            rehearsal.sqs.changeMessageVisibility(b -> b.queueUrl(rehearsal.dlqUrl()).receiptHandle(receipt).visibilityTimeout(0));
        }
        return bodies;
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }
}
