package io.orderpipeline.model.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.Orders;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every order rule, driven through both ways a record is validated: the tree read ({@code validate}, which reports)
 * and the fast read ({@code readValidOrder}: fields straight off the parser, accept-only). A rule that one way
 * applies and the other does not fails here on its own row, whatever the random generators of the equivalence tests
 * happen to produce: the breaking row is reported by the tree and must be declined by the fast read, and the
 * boundary rows must give the same order both ways. Adding a rule is one edit in {@link OrderValidator} plus its
 * rows here; a new record-level reason code without a row fails {@link #everyRecordLevelReasonCodeHasARow()}.
 */
class RuleTableTest {

    private static final OrderValidator VALIDATOR = new OrderValidator(Orders.CLOCK);

    /** Codes the pipeline gives (state machine, redrive, reconciler), never a record's own rules. */
    private static final Set<ReasonCode> PIPELINE_LEVEL = EnumSet.of(ReasonCode.DUPLICATE_ORDER_CONFLICT,
            ReasonCode.PROCESSING_ERROR, ReasonCode.FILE_ERROR, ReasonCode.ALTERED_IN_TRANSIT,
            // an item over DynamoDB's limit, a DLQ body over SQS's (model.wire.Parking): not a rule of the order
            ReasonCode.RECORD_TOO_LARGE);

    /** One row: a change to the minimal valid order, the format, and the code and path the tree reports first (null: valid). */
    record Row(String name, Consumer<ObjectNode> change, RecordFormat format, ReasonCode code, String path) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Row> rows() {
        return List.of(
                // valid, at the edges of the rules
                valid("the minimal order", o -> { }),
                valid("quantity written 2.0", o -> line(o).put("quantity", new BigDecimal("2.0"))),
                valid("the largest quantity", o -> {
                    line(o).put("quantity", 10_000);
                    o.put("totalAmount", new BigDecimal("99500.00"));
                }),
                valid("an instant exactly five minutes ahead", o -> o.put("orderDate", "2026-11-24T10:05:00Z")),
                valid("tomorrow's date in UTC", o -> o.put("orderDate", "2026-11-25")),
                valid("an offset instant", o -> o.put("orderDate", "2026-11-20T10:15:00+01:00")),
                valid("trailing zeros beyond the currency's decimals", o -> line(o).put("unitPrice", new BigDecimal("9.9500"))),
                valid("JPY without decimals", o -> {
                    o.put("currency", "JPY");
                    line(o).put("unitPrice", new BigDecimal("100.0"));
                    o.put("totalAmount", 200);
                }),
                valid("an absent optional field", o -> o.putNull("channel")),
                valid("free-form objects", o -> o.putObject("attributes").put("promo", "WINTER").putArray("tags").add(1)),
                validCsv("CSV numbers as text and structures as JSON cells", o -> csvCells(o)),
                validCsv("CSV empty optional cell", o -> {
                    csvCells(o);
                    o.put("channel", "");
                }),
                // each rule broken
                invalid("orderId of the wrong type", o -> o.put("orderId", 42), ReasonCode.MALFORMED_RECORD, "$.orderId"),
                invalid("a number as text in JSON", o -> o.put("totalAmount", "19.90"), ReasonCode.MALFORMED_RECORD, "$.totalAmount"),
                invalidCsv("a CSV items cell that is not JSON", o -> {
                    csvCells(o);
                    o.put("items", "[{\"sku\":\"SKU-1\",\"quantity\":2,\"unitPr");
                }, ReasonCode.MALFORMED_RECORD, "$.items"),
                invalid("an item that is not an object", o -> ((ArrayNode) o.get("items")).add(1), ReasonCode.MALFORMED_RECORD, "$.items[1]"),
                invalid("an unstorable free-form number", o -> o.putObject("attributes").put("n", new BigDecimal("1E+200")),
                        ReasonCode.MALFORMED_RECORD, "$.attributes.n"),
                invalid("a free-form member with an empty name", o -> o.putObject("attributes").put("", 1),
                        ReasonCode.MALFORMED_RECORD, "$.attributes['']"),
                valid("a record of 300 KB (its size is no rule)", o -> o.putObject("attributes").put("blob", "x".repeat(300_000))),
                invalid("no customerId", o -> o.remove("customerId"), ReasonCode.MISSING_FIELD, "$.customerId"),
                invalid("a null required field", o -> o.putNull("currency"), ReasonCode.MISSING_FIELD, "$.currency"),
                invalidCsv("an empty CSV cell for a required field", o -> {
                    csvCells(o);
                    o.put("customerId", "");
                }, ReasonCode.MISSING_FIELD, "$.customerId"),
                invalid("an item without a quantity", o -> line(o).remove("quantity"), ReasonCode.MISSING_FIELD, "$.items[0].quantity"),
                invalid("a bad orderId", o -> o.put("orderId", "-ORD"), ReasonCode.INVALID_ORDER_ID, "$.orderId"),
                invalid("a blank customerId", o -> o.put("customerId", "   "), ReasonCode.INVALID_CUSTOMER_ID, "$.customerId"),
                invalid("a customerId of 65 characters", o -> o.put("customerId", "c".repeat(65)),
                        ReasonCode.INVALID_CUSTOMER_ID, "$.customerId"),
                invalid("a day that does not exist", o -> o.put("orderDate", "2026-02-29"), ReasonCode.INVALID_DATE, "$.orderDate"),
                invalid("an instant without a zone", o -> o.put("orderDate", "2026-11-20T09:15:00"), ReasonCode.INVALID_DATE, "$.orderDate"),
                invalid("an instant just over five minutes ahead", o -> o.put("orderDate", "2026-11-24T10:05:01Z"),
                        ReasonCode.FUTURE_DATE, "$.orderDate"),
                invalid("the day after tomorrow", o -> o.put("orderDate", "2026-11-26"), ReasonCode.FUTURE_DATE, "$.orderDate"),
                invalid("a currency without minor units", o -> o.put("currency", "XXX"), ReasonCode.INVALID_CURRENCY, "$.currency"),
                invalid("no items", o -> o.putArray("items"), ReasonCode.NO_ITEMS, "$.items"),
                invalid("101 items", o -> {
                    ArrayNode items = o.putArray("items");
                    for (int i = 0; i < 101; i++) {
                        items.addObject().put("sku", "SKU-" + i).put("quantity", 1).put("unitPrice", BigDecimal.ONE);
                    }
                    o.put("totalAmount", 101);
                }, ReasonCode.TOO_MANY_ITEMS, "$.items"),
                invalid("a bad sku", o -> line(o).put("sku", ".SKU"), ReasonCode.INVALID_SKU, "$.items[0].sku"),
                invalid("a sku on two lines", o -> {
                    ((ArrayNode) o.get("items")).add(line(o).deepCopy());
                    o.put("totalAmount", new BigDecimal("39.80"));
                }, ReasonCode.DUPLICATE_SKU, "$.items[1].sku"),
                invalid("a sku on two lines of a long order", o -> {
                    ArrayNode items = o.putArray("items");
                    for (int i = 0; i < 20; i++) {
                        items.addObject().put("sku", "SKU-" + (i == 19 ? 3 : i)).put("quantity", 1).put("unitPrice", BigDecimal.ONE);
                    }
                    o.put("totalAmount", 20);
                }, ReasonCode.DUPLICATE_SKU, "$.items[19].sku"),
                invalid("quantity 0", o -> line(o).put("quantity", 0), ReasonCode.INVALID_QUANTITY, "$.items[0].quantity"),
                invalid("quantity 10001", o -> line(o).put("quantity", 10_001), ReasonCode.INVALID_QUANTITY, "$.items[0].quantity"),
                invalid("quantity 2.5", o -> line(o).put("quantity", new BigDecimal("2.5")), ReasonCode.INVALID_QUANTITY, "$.items[0].quantity"),
                invalid("a negative price", o -> line(o).put("unitPrice", new BigDecimal("-1")), ReasonCode.NEGATIVE_PRICE, "$.items[0].unitPrice"),
                invalid("more decimals than EUR has", o -> line(o).put("unitPrice", new BigDecimal("9.955")),
                        ReasonCode.INVALID_AMOUNT, "$.items[0].unitPrice"),
                invalid("a negative total", o -> o.put("totalAmount", new BigDecimal("-19.90")), ReasonCode.INVALID_AMOUNT, "$.totalAmount"),
                invalid("a total of 10^15", o -> o.put("totalAmount", new BigDecimal("1E+15")), ReasonCode.INVALID_AMOUNT, "$.totalAmount"),
                invalid("a total that is not the sum", o -> o.put("totalAmount", new BigDecimal("19.91")),
                        ReasonCode.TOTAL_MISMATCH, "$.totalAmount"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void bothWaysAgreeOnTheRow(Row row) throws IOException {
        ObjectNode record = Orders.minimal();
        row.change().accept(record);
        byte[] bytes = Json.mapper().writeValueAsBytes(record);

        ValidationResult tree = VALIDATOR.validate(Json.mapper().readTree(bytes), row.format());
        Order fast;
        try (JsonParser parser = Json.mapper().createParser(bytes)) {
            parser.nextToken();
            fast = VALIDATOR.readValidOrder(parser, row.format());
        }

        if (row.code() == null) {
            assertThat(tree).as("the tree read").isInstanceOf(ValidationResult.Valid.class);
            assertThat(fast).as("the fast read").isEqualTo(((ValidationResult.Valid) tree).order());
        } else {
            assertThat(tree).as("the tree read").isInstanceOfSatisfying(ValidationResult.Invalid.class, invalid -> {
                assertThat(invalid.primaryReason()).isEqualTo(row.code());
                assertThat(invalid.violations().getFirst().path()).isEqualTo(row.path());
            });
            assertThat(fast).as("the fast read must decline what the tree read rejects").isNull();
        }
    }

    /**
     * Amounts and quantities in exponent form ({@code 1.99E1}): JSON's number grammar allows them, and a CSV number cell
     * follows the same grammar, so the same order gets the same outcome, the same {@link Order}, in every format
     * (docs/validation-rules.md, "Format rules").
     */
    @ParameterizedTest(name = "total {0}, unit price {1}, quantity {2}")
    @org.junit.jupiter.params.provider.CsvSource({
            "1.99E1, 9.95, 2, ", "19.90, 9.95E0, 2, ", "1.99e+1, 995E-2, 2E0, ", "19.90, 9.95, 0.2E1, ",
            "19.90, 9.955E0, 2, INVALID_AMOUNT", "1E-3, 9.95, 2, INVALID_AMOUNT", "1.991E1, 9.95, 2, TOTAL_MISMATCH",
            "19.90, 9.95, 2.5E0, INVALID_QUANTITY"})
    void exponentFormMeansTheSameNumberInJsonAndInCsv(String total, String unitPrice, String quantity, ReasonCode code)
            throws IOException {
        String items = "[{\"sku\":\"SKU-1\",\"quantity\":" + quantity + ",\"unitPrice\":" + unitPrice + "}]";
        byte[] json = ("{\"orderId\":\"ORD-1\",\"customerId\":\"CUST-1\",\"orderDate\":\"2026-11-20\","
                + "\"currency\":\"EUR\",\"items\":" + items + ",\"totalAmount\":" + total + "}")
                .getBytes(StandardCharsets.UTF_8);
        ObjectNode csv = Json.mapper().createObjectNode().put("orderId", "ORD-1").put("customerId", "CUST-1")
                .put("orderDate", "2026-11-20").put("currency", "EUR").put("items", items).put("totalAmount", total);

        ValidationResult fromJson = VALIDATOR.validate(Json.mapper().readTree(json), RecordFormat.JSON);
        ValidationResult fromCsv = VALIDATOR.validate(csv, RecordFormat.CSV);
        Order fast;
        try (JsonParser parser = Json.mapper().createParser(json)) {
            parser.nextToken();
            fast = VALIDATOR.readValidOrder(parser, RecordFormat.JSON);
        }

        if (code == null) {
            Order order = ((ValidationResult.Valid) fromJson).order();
            assertThat(fromCsv).isInstanceOfSatisfying(ValidationResult.Valid.class,
                    valid -> assertThat(valid.order()).isEqualTo(order));
            assertThat(fast).isEqualTo(order);
            assertThat(order.totalAmount()).isEqualByComparingTo("19.90");
        } else {
            assertThat(fromJson).isInstanceOfSatisfying(ValidationResult.Invalid.class,
                    invalid -> assertThat(invalid.primaryReason()).isEqualTo(code));
            assertThat(fromCsv).isInstanceOfSatisfying(ValidationResult.Invalid.class,
                    invalid -> assertThat(invalid.primaryReason()).isEqualTo(code));
            assertThat(fast).isNull();
        }
    }

    @Test
    void everyRecordLevelReasonCodeHasARow() {
        Set<ReasonCode> covered = rows().stream().map(Row::code).filter(java.util.Objects::nonNull)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ReasonCode.class)));
        assertThat(covered).isEqualTo(EnumSet.complementOf(EnumSet.copyOf(PIPELINE_LEVEL)));
    }

    private static Row valid(String name, Consumer<ObjectNode> change) {
        return new Row(name, change, RecordFormat.JSON, null, null);
    }

    private static Row validCsv(String name, Consumer<ObjectNode> change) {
        return new Row(name, change, RecordFormat.CSV, null, null);
    }

    private static Row invalid(String name, Consumer<ObjectNode> change, ReasonCode code, String path) {
        return new Row(name, change, RecordFormat.JSON, code, path);
    }

    private static Row invalidCsv(String name, Consumer<ObjectNode> change, ReasonCode code, String path) {
        return new Row(name, change, RecordFormat.CSV, code, path);
    }

    private static ObjectNode line(ObjectNode order) {
        return (ObjectNode) order.get("items").get(0);
    }

    /** The record as a CSV row: numbers as text, the items as a JSON cell. */
    private static void csvCells(ObjectNode order) {
        JsonNode items = order.get("items");
        order.put("items", Json.write(items));
        order.put("totalAmount", order.get("totalAmount").asText());
    }
}
