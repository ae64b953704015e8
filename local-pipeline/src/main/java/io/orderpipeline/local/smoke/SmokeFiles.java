package io.orderpipeline.local.smoke;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.rules.OrderValidator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files one smoke run uploads, under {@code incoming/smoke-<run id>/}, each with what the pipeline must make of
 * it: valid and invalid orders in each format, a key holding a space, {@code +}, {@code =} and non-ASCII characters, a
 * file that cannot be read, and an order too large for an SQS message (parked with a claim check, data-contracts.md
 * §7). Order ids are {@code SMOKE-<run id>-<file><n>} and the customer {@code SMOKE-<run id>}: valid by the rules
 * (docs/validation-rules.md), and never an id of a real order or of another run.
 */
final class SmokeFiles {
    /** Decimals keep their scale, so a record read back from a DLQ body equals the one written. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String CSV_HEADER = "orderId,customerId,orderDate,currency,items,totalAmount,channel,"
            + "shippingAddress,attributes";
    /** Lines of the order too large for SQS: about 340 KB of JSON, over SQS's 262,144 bytes. */
    private static final int OVERSIZE_LINES = 7_000;
    /** SQS's message size limit (body and attributes), over which a DLQ body goes with a claim check (§7). */
    static final int SQS_LIMIT_BYTES = 262_144;

    /**
     * One order of a file.
     *
     * @param index    its 0-based position in the file (the Distributed Map's item index)
     * @param record   the record as the pipeline reads it (a CSV record: its cells as strings)
     * @param expected what the rules make of it
     */
    record ExpectedOrder(int index, String orderId, JsonNode record, ValidationResult expected) {
        boolean valid() {
            return expected.isValid();
        }

        /** Whether a DLQ message of this record is over SQS's limit: it then goes with a claim check. */
        boolean overSqsLimit() {
            return record.toString().getBytes(StandardCharsets.UTF_8).length > SQS_LIMIT_BYTES;
        }

        /**
         * The reason codes its DLQ message must carry, the first one first: its violations, after RECORD_TOO_LARGE
         * when the message is over SQS's limit (the reconciler parks it so: data-contracts.md §5).
         */
        List<String> reasonCodes() {
            var codes = new ArrayList<String>();
            if (overSqsLimit()) {
                codes.add(ReasonCode.RECORD_TOO_LARGE.name());
            }
            ((ValidationResult.Invalid) expected).violations().forEach(v -> codes.add(v.code().name()));
            return codes;
        }
    }

    /**
     * One file.
     *
     * @param name       a short name for the report lines
     * @param format     null for the file no reader accepts
     * @param unreadable the execution must fail with an {@code OrderFile.*} error and one FILE message
     */
    record SmokeFile(String name, String key, RecordFormat format, byte[] content, List<ExpectedOrder> orders,
                     boolean unreadable) {
        List<ExpectedOrder> valid() {
            return orders.stream().filter(ExpectedOrder::valid).toList();
        }

        List<ExpectedOrder> invalid() {
            return orders.stream().filter(o -> !o.valid()).toList();
        }
    }

    private final String runId;
    private final Instant now;
    private final OrderValidator validator;

    private SmokeFiles(String runId, Clock clock) {
        this.runId = runId;
        this.now = clock.instant();
        this.validator = new OrderValidator(clock);
    }

    /** A run id of the time and six random characters: {@code 20261207110500-k3v9xq}. */
    static String newRunId(Clock clock) {
        var random = new SecureRandom();
        var suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        return DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(clock.instant()) + "-" + suffix;
    }

    static String prefix(String runId) {
        return "incoming/smoke-" + runId + "/";
    }

    /** The run's files. */
    static List<SmokeFile> of(String runId, Clock clock) {
        return new SmokeFiles(runId, clock).files();
    }

    private List<SmokeFile> files() {
        var prefix = prefix(runId);
        var files = new ArrayList<SmokeFile>();
        files.add(json("orders.json", prefix + "orders.json", List.of(valid("J1", 0, true), valid("J2", 1, false),
                valid("J3", 2, false).put("totalAmount", new BigDecimal("1.00")))));
        files.add(jsonLines("orders.jsonl", prefix + "orders.jsonl", List.of(valid("L1", 3, false), valid("L2", 4, true),
                valid("L3", 5, false).put("currency", "EURO"))));
        files.add(csv("orders.csv", prefix + "orders.csv", List.of(valid("C1", 6, true), valid("C2", 7, false),
                valid("C3", 8, false).put("customerId", ""))));
        // the characters S3 encodes in its notifications: a space, '+', '=' and non-ASCII (issue #21 §1)
        files.add(json("special key", prefix + "key with space +plus =equals ünïcødé.json", List.of(valid("K1", 9, true))));
        files.add(unreadable(prefix + "unreadable.json"));
        files.add(jsonLines("oversize.jsonl", prefix + "oversize.jsonl", List.of(valid("O1", 10, false), oversize("O2"))));
        return files;
    }

    String orderId(String suffix) {
        return "SMOKE-" + runId + "-" + suffix;
    }

    String customerId() {
        return "SMOKE-" + runId;
    }

    /** A valid order; {@code freeForm} adds a shipping address and attributes (maps in the item, JSON cells in CSV). */
    private ObjectNode valid(String suffix, int n, boolean freeForm) {
        var order = JSON.createObjectNode();
        order.put("orderId", orderId(suffix));
        order.put("customerId", customerId());
        order.put("orderDate", now.minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        order.put("currency", "EUR");
        var quantity = 1 + n % 3;
        var items = order.putArray("items");
        items.addObject().put("sku", "SKU-SMOKE-MUG").put("quantity", quantity).put("unitPrice", new BigDecimal("9.95"));
        items.addObject().put("sku", "SKU-SMOKE-TEA").put("quantity", 1).put("unitPrice", new BigDecimal("4.50"));
        order.put("totalAmount", new BigDecimal("9.95").multiply(BigDecimal.valueOf(quantity)).add(new BigDecimal("4.50")));
        order.put("channel", "smoke-test");
        if (freeForm) {
            order.putObject("shippingAddress").put("city", "Zürich").putArray("lines").add("Bahnhofstrasse 1");
            order.putObject("attributes").put("smokeRun", runId).put("giftWrap", true).put("weightKg", new BigDecimal("1.250"));
        }
        return order;
    }

    /**
     * An invalid order (its total is wrong) of {@value #OVERSIZE_LINES} lines: its DLQ body is over SQS's limit, so
     * the reconciler parks it with a claim check, RECORD_TOO_LARGE first (data-contracts.md §5, §7).
     */
    private ObjectNode oversize(String suffix) {
        var order = valid(suffix, 0, false);
        var items = order.putArray("items");
        for (int i = 0; i < OVERSIZE_LINES; i++) {
            items.addObject().put("sku", "SKU-SMOKE-" + i).put("quantity", 1).put("unitPrice", new BigDecimal("1.00"));
        }
        order.put("totalAmount", new BigDecimal("1.00"));
        return order;
    }

    private SmokeFile json(String name, String key, List<ObjectNode> orders) {
        var text = orders.toString();
        return new SmokeFile(name, key, RecordFormat.JSON, bytes(text), expected(readBack(orders), RecordFormat.JSON), false);
    }

    private SmokeFile jsonLines(String name, String key, List<ObjectNode> orders) {
        var text = new StringBuilder();
        orders.forEach(o -> text.append(o).append('\n'));
        return new SmokeFile(name, key, RecordFormat.JSONL, bytes(text.toString()),
                expected(readBack(orders), RecordFormat.JSONL), false);
    }

    /** CSV as data-contracts.md §1 asks a producer to write it; each record is its cells as strings. */
    private SmokeFile csv(String name, String key, List<ObjectNode> orders) {
        var text = new StringBuilder(CSV_HEADER).append('\n');
        var records = new ArrayList<JsonNode>();
        for (var o : orders) {
            var record = JSON.createObjectNode();
            record.put("orderId", o.get("orderId").asText());
            record.put("customerId", o.get("customerId").asText());
            record.put("orderDate", o.get("orderDate").asText());
            record.put("currency", o.get("currency").asText());
            record.put("items", o.get("items").toString());
            record.put("totalAmount", o.get("totalAmount").decimalValue().toPlainString());
            record.put("channel", o.path("channel").asText(""));
            record.put("shippingAddress", o.has("shippingAddress") ? o.get("shippingAddress").toString() : "");
            record.put("attributes", o.has("attributes") ? o.get("attributes").toString() : "");
            var cells = new ArrayList<String>();
            record.properties().forEach(cell -> cells.add(cell(cell.getValue().asText())));
            text.append(String.join(",", cells)).append('\n');
            records.add(record);
        }
        return new SmokeFile(name, key, RecordFormat.CSV, bytes(text.toString()), expected(records, RecordFormat.CSV), false);
    }

    /** A {@code .json} that is not a JSON array: the ItemReader cannot read it. */
    private SmokeFile unreadable(String key) {
        var text = "{\"orderId\": \"" + orderId("U1") + "\", \"customerId\": ";
        return new SmokeFile("unreadable.json", key, RecordFormat.JSON, bytes(text), List.of(), true);
    }

    private List<ExpectedOrder> expected(List<JsonNode> records, RecordFormat format) {
        var expected = new ArrayList<ExpectedOrder>();
        for (int i = 0; i < records.size(); i++) {
            var record = records.get(i);
            expected.add(new ExpectedOrder(i, record.path("orderId").asText(), record, validator.validate(record, format)));
        }
        return List.copyOf(expected);
    }

    /** The records as a reader of the written text gets them (numbers with the scale they were written with). */
    private static List<JsonNode> readBack(List<ObjectNode> orders) {
        var records = new ArrayList<JsonNode>();
        for (var order : orders) {
            try {
                records.add(JSON.readTree(order.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return records;
    }

    /** A cell quoted when it must be: each quote doubled, each backslash written {@code \\} (AWS's CSV escape). */
    private static String cell(String text) {
        if (text.matches("[^,\"\\\\\r\n]*")) {
            return text;
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\"\"") + "\"";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String describe(ValidationResult result) {
        return result instanceof ValidationResult.Invalid invalid
                ? invalid.violations().stream().map(v -> v.code().name()).toList().toString().toLowerCase(Locale.ROOT)
                : "valid";
    }
}
