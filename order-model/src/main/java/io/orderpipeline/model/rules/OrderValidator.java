package io.orderpipeline.model.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.LineItem;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.fast.RecordFields;
import io.orderpipeline.model.fast.StreamingOrderReader;
import io.orderpipeline.model.json.Decimals;
import io.orderpipeline.model.json.Json;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.orderpipeline.model.fast.RecordFields.ATTRIBUTES;
import static io.orderpipeline.model.fast.RecordFields.CHANNEL;
import static io.orderpipeline.model.fast.RecordFields.CURRENCY;
import static io.orderpipeline.model.fast.RecordFields.CUSTOMER_ID;
import static io.orderpipeline.model.fast.RecordFields.ITEMS;
import static io.orderpipeline.model.fast.RecordFields.ORDER_DATE;
import static io.orderpipeline.model.fast.RecordFields.ORDER_ID;
import static io.orderpipeline.model.fast.RecordFields.QUANTITY;
import static io.orderpipeline.model.fast.RecordFields.SHIPPING_ADDRESS;
import static io.orderpipeline.model.fast.RecordFields.SKU;
import static io.orderpipeline.model.fast.RecordFields.TOTAL_AMOUNT;
import static io.orderpipeline.model.fast.RecordFields.UNIT_PRICE;

/**
 * The order rules (docs/validation-rules.md), each stated once, in one rule pass over a record's
 * {@link RecordFields}, whichever reader found them:
 * <ul>
 *   <li>{@link #validate(JsonNode, RecordFormat)}: a record read as a tree; reports every broken rule. Never
 *       throws for bad data: a record that is not an object, has wrong types or an unreadable JSON cell is an
 *       invalid order with {@link ReasonCode#MALFORMED_RECORD}.</li>
 *   <li>{@link #validOrder(RecordFields, RecordFormat)} / {@link #readValidOrder}: the fast path, fields read straight
 *       off the parser; the same pass in accept-only mode: it stops at the first broken rule and says only "not a
 *       valid order" (the caller then validates the record as a tree, which reports).</li>
 * </ul>
 * Thread-safe; build one per container.
 */
public final class OrderValidator {

    public static final int MAX_ITEMS = 100;
    public static final int MAX_QUANTITY = 10_000;
    public static final int MAX_CUSTOMER_ID_LENGTH = 64;
    public static final Duration FUTURE_INSTANT_TOLERANCE = Duration.ofMinutes(5);
    /** A plain date may be up to one day after today (UTC): clients in time zones ahead of UTC are already there. */
    public static final int FUTURE_DATE_TOLERANCE_DAYS = 1;
    /** Amounts below 10^15 (a quadrillion) in any currency; keeps arithmetic and item numbers bounded. */
    public static final int MAX_AMOUNT_INTEGER_DIGITS = 15;
    /** When the currency is unknown, decimals are still bounded by the largest minor unit in ISO 4217 (4). */
    static final int MAX_ANY_CURRENCY_FRACTION_DIGITS = 4;
    /** At most this many violations are reported per record (keeps DLQ messages and batch output bounded). */
    public static final int MAX_VIOLATIONS = 20;

    private static final BigDecimal MAX_QUANTITY_DECIMAL = BigDecimal.valueOf(MAX_QUANTITY);
    private static final int RAW_TEXT_IN_MESSAGES = 256;
    /** Up to this many lines, duplicate SKUs are found by a scan (cheaper than hashing for typical orders). */
    private static final int LINEAR_DUPLICATE_SCAN = 16;

    private static final StreamingOrderReader READER = new StreamingOrderReader();

    private final Clock clock;

    /** Validates against the system clock (UTC). */
    public OrderValidator() {
        this(Clock.systemUTC());
    }

    /** Validates against {@code clock} (the future-date rule reads it). */
    public OrderValidator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Validates a record. Its size is no rule: a valid order is stored whatever its size as written, and only an item
     * DynamoDB cannot hold is parked, where the item is built ({@code model.wire.ItemSize}, data-contracts.md §3).
     */
    public ValidationResult validate(JsonNode record, RecordFormat format) {
        Objects.requireNonNull(format, "format");
        if (record == null || !record.isObject()) {
            String raw = record == null ? "null" : Json.abbreviate(record.toString(), RAW_TEXT_IN_MESSAGES);
            return new ValidationResult.Invalid(null, List.of(new Violation(ReasonCode.MALFORMED_RECORD, "$",
                    "record is not a JSON object: " + raw)));
        }
        return new Walk(format.acceptsNumbersAsStrings(), clock.instant(), false).order(RecordFields.ofRecord(record));
    }

    /**
     * The fast path: the order, when {@code fields} (read straight off a stream) make a valid order; else null, and
     * the caller validates the record as a tree with {@link #validate(JsonNode, RecordFormat)}, which alone reports
     * violations.
     *
     * @return an order equal to the one {@link #validate} gives for the same record, or null
     */
    public Order validOrder(RecordFields fields, RecordFormat format) {
        Objects.requireNonNull(format, "format");
        try {
            ValidationResult result = new Walk(format.acceptsNumbersAsStrings(), clock.instant(), true).order(fields);
            return ((ValidationResult.Valid) result).order();
        } catch (NotValid e) {
            return null;
        }
    }

    /**
     * The fast path for the record whose {@code START_OBJECT} is the parser's current token: its fields read without
     * a tree ({@link StreamingOrderReader}), then {@link #validOrder(RecordFields, RecordFormat)}. Either way the
     * parser is left on the record's {@code END_OBJECT}.
     *
     * @return an order equal to the one {@link #validate} gives for the same record, or null
     * @throws IOException when the JSON cannot be read (a tree read of it fails too)
     */
    public Order readValidOrder(JsonParser parser, RecordFormat format) throws IOException {
        Objects.requireNonNull(format, "format");
        RecordFields fields = READER.read(parser);
        return fields == null ? null : validOrder(fields, format);
    }

    /** Thrown (preallocated, no stack) by an accept-only pass at the first broken rule. */
    private static final class NotValid extends RuntimeException {
        private static final NotValid INSTANCE = new NotValid();

        private NotValid() {
            super("not a valid order", null, false, false);
        }
    }

    /**
     * The rule pass over one record: every rule, in a fixed order (so violations come in that order, whatever the
     * order of the fields in the record). Accept-only ({@code acceptOnly}): the first violation ends it.
     */
    private static final class Walk {
        private final boolean csv;
        private final Instant now;
        private final boolean acceptOnly;
        private List<Violation> violations;

        Walk(boolean csv, Instant now, boolean acceptOnly) {
            this.csv = csv;
            this.now = now;
            this.acceptOnly = acceptOnly;
        }

        ValidationResult order(RecordFields record) {
            String orderId = text(record, ORDER_ID, TOP, true);
            if (orderId != null && !Identifiers.isValid(orderId)) {
                add(ReasonCode.INVALID_ORDER_ID, "$.orderId", "orderId '" + abbreviate(orderId)
                        + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
                orderId = null;
            }

            String customerId = text(record, CUSTOMER_ID, TOP, true);
            if (customerId != null) {
                if (customerId.isBlank()) {
                    add(ReasonCode.INVALID_CUSTOMER_ID, "$.customerId", "customerId must not be blank");
                    customerId = null;
                } else if (customerId.length() > MAX_CUSTOMER_ID_LENGTH) {
                    add(ReasonCode.INVALID_CUSTOMER_ID, "$.customerId", "customerId is " + customerId.length()
                            + " characters; at most " + MAX_CUSTOMER_ID_LENGTH + " are allowed");
                    customerId = null;
                }
            }

            String orderDate = orderDate(record);

            String currency = text(record, CURRENCY, TOP, true);
            int currencyDigits = -1;
            if (currency != null) {
                currencyDigits = Currencies.fractionDigits(currency);
                if (currencyDigits < 0) {
                    add(ReasonCode.INVALID_CURRENCY, "$.currency", "currency '" + abbreviate(currency)
                            + "' is not an ISO 4217 code (three upper-case letters, e.g. EUR)");
                    currency = null;
                }
            }
            int allowedDigits = currencyDigits >= 0 ? currencyDigits : MAX_ANY_CURRENCY_FRACTION_DIGITS;
            String currencyLabel = currency != null ? currency : "any currency";

            List<LineItem> lines = items(record, allowedDigits, currencyLabel);

            BigDecimal total = null;
            JsonNode totalNode = present(record.get(TOTAL_AMOUNT));
            if (totalNode == null) {
                add(ReasonCode.MISSING_FIELD, "$.totalAmount", "totalAmount is required");
            } else {
                total = decimal(totalNode, "totalAmount", TOP);
                if (total != null) {
                    total = amount(total, "totalAmount", TOP, allowedDigits, currencyLabel);
                }
                if (total != null && total.signum() < 0) {
                    add(ReasonCode.INVALID_AMOUNT, "$.totalAmount", "totalAmount " + total + " must not be negative");
                    total = null;
                }
            }

            String channel = text(record, CHANNEL, TOP, false);
            ObjectNode shippingAddress = freeFormObject(record, SHIPPING_ADDRESS);
            ObjectNode attributes = freeFormObject(record, ATTRIBUTES);

            if (lines != null && total != null) {
                BigDecimal sum = BigDecimal.ZERO;
                for (LineItem line : lines) {
                    sum = sum.add(line.lineTotal());
                }
                if (sum.compareTo(total) != 0) {
                    add(ReasonCode.TOTAL_MISMATCH, "$.totalAmount", "totalAmount " + total.toPlainString()
                            + " does not equal the sum of the items " + sum.toPlainString());
                }
            }

            if (violations != null) {
                return new ValidationResult.Invalid(orderId, violations);
            }
            return new ValidationResult.Valid(new Order(orderId, customerId, orderDate, currency, lines, total,
                    channel, shippingAddress, attributes));
        }

        private String orderDate(RecordFields record) {
            String text = text(record, ORDER_DATE, TOP, true);
            if (text == null) {
                return null;
            }
            Temporal parsed = OrderDates.parse(text);
            if (parsed == null) {
                add(ReasonCode.INVALID_DATE, "$.orderDate", "orderDate '" + abbreviate(text)
                        + "' is not an ISO-8601 instant with Z or an offset (2026-11-20T09:15:00Z) or a date (2026-11-20)");
                return null;
            }
            if (parsed instanceof Instant instant) {
                if (instant.isAfter(now.plus(FUTURE_INSTANT_TOLERANCE))) {
                    add(ReasonCode.FUTURE_DATE, "$.orderDate", "orderDate " + instant
                            + " is more than 5 minutes in the future");
                    return null;
                }
            } else if (parsed instanceof LocalDate date) {
                LocalDate latest = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(FUTURE_DATE_TOLERANCE_DAYS);
                if (date.isAfter(latest)) {
                    add(ReasonCode.FUTURE_DATE, "$.orderDate", "orderDate " + date
                            + " is in the future (latest accepted today: " + latest + ")");
                    return null;
                }
            }
            return OrderDates.normalise(text, parsed);
        }

        /** The validated lines, or null when any line (or the list) is invalid. */
        private List<LineItem> items(RecordFields record, int allowedDigits, String currencyLabel) {
            List<RecordFields> items = record.lines();
            if (items == null) {
                JsonNode array = structured(record.get(ITEMS), ITEMS, "$.items", true, true);
                if (array == null) {
                    return null;
                }
                items = RecordFields.ofLines(array);
            }
            int count = items.size();
            if (count == 0) {
                add(ReasonCode.NO_ITEMS, "$.items", "an order needs at least one item");
                return null;
            }
            boolean ok = true;
            if (count > MAX_ITEMS) {
                add(ReasonCode.TOO_MANY_ITEMS, "$.items", "an order has at most " + MAX_ITEMS + " items, this one has "
                        + count);
                ok = false;
            }
            List<LineItem> lines = new ArrayList<>(count);
            String[] skus = count > 1 ? new String[count] : null;
            Map<String, Integer> firstIndexBySku = count > LINEAR_DUPLICATE_SCAN ? new HashMap<>(count * 2) : null;
            for (int i = 0; i < count; i++) {
                RecordFields item = items.get(i);
                if (!item.isObject()) {
                    add(ReasonCode.MALFORMED_RECORD, "$.items[" + i + "]", "item must be a JSON object, got "
                            + describe(item.element()));
                    ok = false;
                    continue;
                }
                String sku = text(item, SKU, i, true);
                if (sku != null) {
                    if (!Identifiers.isValid(sku)) {
                        add(ReasonCode.INVALID_SKU, path(i, "sku"), "sku '" + abbreviate(sku)
                                + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
                        sku = null;
                    } else if (count > 1) {
                        int first = firstIndexOf(skus, i, sku, firstIndexBySku);
                        if (first >= 0) {
                            add(ReasonCode.DUPLICATE_SKU, path(i, "sku"), "sku " + sku
                                    + " appears more than once (first at $.items[" + first + "])");
                            sku = null;
                        }
                    }
                }
                int quantity = quantity(item, i);
                BigDecimal unitPrice = unitPrice(item, i, allowedDigits, currencyLabel);
                if (sku == null || quantity <= 0 || unitPrice == null) {
                    ok = false;
                } else if (ok) {
                    lines.add(new LineItem(sku, quantity, unitPrice));
                }
            }
            return ok ? lines : null;
        }

        /** 1..MAX_QUANTITY, or 0 when missing or invalid (already reported). */
        private int quantity(RecordFields item, int index) {
            JsonNode node = present(item.get(QUANTITY));
            if (node == null) {
                add(ReasonCode.MISSING_FIELD, path(index, "quantity"), "quantity is required");
                return 0;
            }
            if (node.isInt()) {
                int q = node.intValue();
                if (q >= 1 && q <= MAX_QUANTITY) {
                    return q;
                }
                add(ReasonCode.INVALID_QUANTITY, path(index, "quantity"), "quantity must be a whole number from 1 to "
                        + MAX_QUANTITY + ", got " + q);
                return 0;
            }
            BigDecimal q = decimal(node, "quantity", index);
            if (q == null) {
                return 0;
            }
            if (Decimals.fractionDigits(q) == 0 && q.compareTo(BigDecimal.ONE) >= 0
                    && q.compareTo(MAX_QUANTITY_DECIMAL) <= 0) {
                return q.intValue();
            }
            add(ReasonCode.INVALID_QUANTITY, path(index, "quantity"), "quantity must be a whole number from 1 to "
                    + MAX_QUANTITY + ", got " + abbreviate(q.toString()));
            return 0;
        }

        private BigDecimal unitPrice(RecordFields item, int index, int allowedDigits, String currencyLabel) {
            JsonNode node = present(item.get(UNIT_PRICE));
            if (node == null) {
                add(ReasonCode.MISSING_FIELD, path(index, "unitPrice"), "unitPrice is required");
                return null;
            }
            BigDecimal price = decimal(node, "unitPrice", index);
            if (price == null) {
                return null;
            }
            boolean ok = true;
            if (price.signum() < 0) {
                add(ReasonCode.NEGATIVE_PRICE, path(index, "unitPrice"), "unitPrice " + abbreviate(price.toString())
                        + " must not be negative");
                ok = false;
            }
            BigDecimal checked = amount(price, "unitPrice", index, allowedDigits, currencyLabel);
            return ok ? checked : null;
        }

        /**
         * Magnitude and decimals of an amount; reports INVALID_AMOUNT and returns null, else returns the amount with
         * at most {@code allowedDigits} decimals (trailing zeros beyond them dropped — exact, nothing is rounded).
         */
        private BigDecimal amount(BigDecimal amount, String field, int index, int allowedDigits, String currencyLabel) {
            if (Decimals.integerDigits(amount) > MAX_AMOUNT_INTEGER_DIGITS) {
                add(ReasonCode.INVALID_AMOUNT, path(index, field), field + " " + Decimals.forMessage(amount)
                        + " is too large (at most " + MAX_AMOUNT_INTEGER_DIGITS + " digits before the decimal point)");
                return null;
            }
            if (amount.scale() <= allowedDigits) {
                return amount;
            }
            int digits = Decimals.fractionDigits(amount);
            if (digits > allowedDigits) {
                add(ReasonCode.INVALID_AMOUNT, path(index, field), field + " " + Decimals.forMessage(amount) + " has "
                        + digits + " decimals; " + currencyLabel + " allows " + allowedDigits);
                return null;
            }
            return amount.setScale(allowedDigits, RoundingMode.UNNECESSARY);
        }

        /** The node of a field, or null when absent (missing, JSON null, or an empty CSV cell). */
        private JsonNode present(JsonNode node) {
            if (node == null || node.isNull() || (csv && node.isTextual() && node.textValue().isEmpty())) {
                return null;
            }
            return node;
        }

        /** A string field, or null when absent (reported if required) or of the wrong type (reported). */
        private String text(RecordFields parent, int id, int index, boolean required) {
            String field = index == TOP ? RecordFields.recordField(id) : RecordFields.lineField(id);
            JsonNode node = present(parent.get(id));
            if (node == null) {
                if (required) {
                    add(ReasonCode.MISSING_FIELD, path(index, field), field + " is required");
                }
                return null;
            }
            if (node.isTextual()) {
                return node.textValue();
            }
            add(ReasonCode.MALFORMED_RECORD, path(index, field), field + " must be a string, got " + describe(node));
            return null;
        }

        /** A number; in CSV also a string holding a plain decimal. Reports MALFORMED_RECORD otherwise. */
        private BigDecimal decimal(JsonNode node, String field, int index) {
            if (node.isNumber()) {
                return node.decimalValue();
            }
            if (csv && node.isTextual()) {
                BigDecimal parsed = Decimals.parseOrNull(node.textValue());
                if (parsed != null) {
                    return parsed;
                }
                add(ReasonCode.MALFORMED_RECORD, path(index, field), field + " must be a number, got '"
                        + abbreviate(node.textValue()) + "'");
                return null;
            }
            add(ReasonCode.MALFORMED_RECORD, path(index, field), field + " must be a number, got " + describe(node));
            return null;
        }

        /**
         * An array ({@code wantArray}) or object field. A CSV cell holds it as JSON text, parsed here; text that is
         * not valid JSON (a truncated cell) is MALFORMED_RECORD carrying the raw text.
         */
        private JsonNode structured(JsonNode value, int id, String path, boolean required, boolean wantArray) {
            String field = RecordFields.recordField(id);
            JsonNode node = present(value);
            if (node == null) {
                if (required) {
                    add(ReasonCode.MISSING_FIELD, path, field + " is required");
                }
                return null;
            }
            String expected = wantArray ? "a JSON array" : "a JSON object";
            if (csv && node.isTextual()) {
                String raw = node.textValue();
                try {
                    node = Json.read(raw);
                } catch (IOException e) {
                    add(ReasonCode.MALFORMED_RECORD, path, field + " is not valid JSON (" + firstLine(e)
                            + "): " + abbreviate(raw));
                    return null;
                }
                if (node == null || node.isMissingNode()) {
                    add(ReasonCode.MALFORMED_RECORD, path, field + " is not valid JSON: " + abbreviate(raw));
                    return null;
                }
            }
            if (wantArray ? node.isArray() : node.isObject()) {
                return node;
            }
            add(ReasonCode.MALFORMED_RECORD, path, field + " must be " + expected + ", got " + describe(node));
            return null;
        }

        private ObjectNode freeFormObject(RecordFields record, int id) {
            JsonNode node = structured(record.get(id), id, "$." + RecordFields.recordField(id), false, false);
            if (node == null) {
                return null;
            }
            if (!FreeForm.isStorable(node, 1)) {
                Violation problem = FreeForm.firstUnstorable(node, "$." + RecordFields.recordField(id), 1);
                add(problem.code(), problem.path(), problem.message());
                return null;
            }
            return (ObjectNode) node;
        }

        /** Top-level field marker for {@link #path}. */
        private static final int TOP = -1;

        /** The JSON path of a top-level field ({@code index} TOP) or of a field of line {@code index}; built only for a violation. */
        private static String path(int index, String field) {
            return index == TOP ? "$." + field : "$.items[" + index + "]." + field;
        }

        /** Index of an earlier line with the same SKU, or -1; records {@code sku} as line {@code index}. */
        private static int firstIndexOf(String[] skus, int index, String sku, Map<String, Integer> bySku) {
            if (bySku != null) {
                Integer first = bySku.putIfAbsent(sku, index);
                return first == null ? -1 : first;
            }
            for (int k = 0; k < index; k++) {
                if (sku.equals(skus[k])) {
                    return k;
                }
            }
            skus[index] = sku;
            return -1;
        }

        private void add(ReasonCode code, String path, String message) {
            if (acceptOnly) {
                throw NotValid.INSTANCE;
            }
            if (violations == null) {
                violations = new ArrayList<>(4);
            }
            if (violations.size() < MAX_VIOLATIONS) {
                violations.add(new Violation(code, path, message));
            }
        }

        private static String describe(JsonNode node) {
            String type = switch (node.getNodeType()) {
                case ARRAY -> "array";
                case OBJECT -> "object";
                case STRING -> "string";
                case NUMBER -> "number";
                case BOOLEAN -> "boolean";
                case NULL -> "null";
                default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            };
            return type + " " + abbreviate(node.toString());
        }

        private static String abbreviate(String text) {
            return Json.abbreviate(text, RAW_TEXT_IN_MESSAGES);
        }

        private static String firstLine(IOException e) {
            String message = String.valueOf(e.getMessage());
            int newline = message.indexOf('\n');
            return newline < 0 ? message : message.substring(0, newline);
        }
    }
}
