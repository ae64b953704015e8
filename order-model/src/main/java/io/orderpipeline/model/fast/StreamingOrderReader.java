package io.orderpipeline.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fast path of {@link OrderValidator}: reads one record straight off the streaming parser into an {@link Order}
 * when it is a <em>clean valid order</em>, without building a tree of the record (only the free-form
 * {@code shippingAddress} and {@code attributes} become small trees, as {@link Order} holds them).
 *
 * <p>It only knows how to say yes. Every rule of {@link OrderValidator} is applied with the same helpers, and at the
 * first thing that would not give exactly the order the tree walk gives (a broken rule, a wrong type, a repeated
 * field, a CSV cell that is not valid JSON) it gives up: it returns null and the caller validates the record as a
 * tree, so invalid records keep their exact DLQ bodies and reasons. Every value of a returned order has been decoded
 * the way the tree read decodes it, so a payload the tree read rejects is never accepted here.
 *
 * <p>One instance per record (it holds the validation time).
 */
final class StreamingOrderReader {

    /** Thrown (preallocated, no stack) when the record is not a clean valid order; the caller falls back. */
    private static final class NotClean extends Exception {
        private static final NotClean INSTANCE = new NotClean();

        private NotClean() {
            super("not a clean valid order", null, false, false);
        }
    }

    private static final int ORDER_ID = 1;
    private static final int CUSTOMER_ID = 1 << 1;
    private static final int ORDER_DATE = 1 << 2;
    private static final int CURRENCY = 1 << 3;
    private static final int ITEMS = 1 << 4;
    private static final int TOTAL_AMOUNT = 1 << 5;
    private static final int CHANNEL = 1 << 6;
    private static final int SHIPPING_ADDRESS = 1 << 7;
    private static final int ATTRIBUTES = 1 << 8;
    private static final int REQUIRED = ORDER_ID | CUSTOMER_ID | ORDER_DATE | CURRENCY | ITEMS | TOTAL_AMOUNT;

    private static final int SKU = 1;
    private static final int QUANTITY = 1 << 1;
    private static final int UNIT_PRICE = 1 << 2;
    private static final int LINE_REQUIRED = SKU | QUANTITY | UNIT_PRICE;

    private static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(OrderValidator.MAX_QUANTITY);
    private static final int LINEAR_DUPLICATE_SCAN = 16;

    private final boolean csv;
    private final Instant now;

    StreamingOrderReader(boolean csv, Instant now) {
        this.csv = csv;
        this.now = now;
    }

    /**
     * Reads the record whose {@code START_OBJECT} is the parser's current token and leaves the parser on its
     * {@code END_OBJECT}, whatever the outcome.
     *
     * @return the order, or null when the record is not a clean valid order (validate it as a tree)
     * @throws IOException when the JSON itself cannot be read (the tree read fails the same way)
     */
    Order read(JsonParser parser) throws IOException {
        JsonStreamContext outside = parser.getParsingContext().getParent();
        try {
            return order(parser);
        } catch (NotClean e) {
            JsonToken token = parser.currentToken();
            while (token != JsonToken.END_OBJECT || parser.getParsingContext() != outside) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                }
                token = parser.nextToken();
            }
            return null;
        }
    }

    private Order order(JsonParser p) throws IOException, NotClean {
        String orderId = null;
        String customerId = null;
        String orderDate = null;
        String currency = null;
        List<LineItem> lines = null;
        BigDecimal total = null;
        String channel = null;
        ObjectNode shippingAddress = null;
        ObjectNode attributes = null;
        int seen = 0;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            int bit = switch (field) {
                case OrderItemMapper.ORDER_ID -> ORDER_ID;
                case OrderItemMapper.CUSTOMER_ID -> CUSTOMER_ID;
                case OrderItemMapper.ORDER_DATE -> ORDER_DATE;
                case OrderItemMapper.CURRENCY -> CURRENCY;
                case OrderItemMapper.ITEMS -> ITEMS;
                case OrderItemMapper.TOTAL_AMOUNT -> TOTAL_AMOUNT;
                case OrderItemMapper.CHANNEL -> CHANNEL;
                case OrderItemMapper.SHIPPING_ADDRESS -> SHIPPING_ADDRESS;
                case OrderItemMapper.ATTRIBUTES -> ATTRIBUTES;
                default -> 0;
            };
            if ((seen & bit) != 0) {
                throw NotClean.INSTANCE; // a repeated field: the tree keeps the last one, let it
            }
            seen |= bit;
            if (absent(p, token)) {
                seen &= ~bit;
                continue;
            }
            switch (bit) {
                case ORDER_ID -> orderId = identifier(p, token);
                case CUSTOMER_ID -> customerId = customerId(p, token);
                case ORDER_DATE -> orderDate = string(p, token);
                case CURRENCY -> currency = string(p, token);
                case ITEMS -> lines = items(p, token);
                case TOTAL_AMOUNT -> total = nonNegative(decimal(p, token));
                case CHANNEL -> channel = string(p, token);
                case SHIPPING_ADDRESS -> shippingAddress = freeFormObject(p, token);
                case ATTRIBUTES -> attributes = freeFormObject(p, token);
                default -> Json.mapper().readTree(p); // not part of the order; read as the tree read does
            }
        }
        if ((seen & REQUIRED) != REQUIRED) {
            throw NotClean.INSTANCE;
        }
        int digits = Currencies.fractionDigits(currency);
        if (digits < 0) {
            throw NotClean.INSTANCE;
        }
        total = amount(total, digits);
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            LineItem line = lines.get(i);
            BigDecimal price = amount(line.unitPrice(), digits);
            if (price != line.unitPrice()) {
                line = new LineItem(line.sku(), line.quantity(), price);
                lines.set(i, line);
            }
            sum = sum.add(line.lineTotal());
        }
        if (sum.compareTo(total) != 0) {
            throw NotClean.INSTANCE;
        }
        return new Order(orderId, customerId, orderDate(orderDate), currency, lines, total, channel,
                shippingAddress, attributes);
    }

    /** Missing as the tree walk sees it: JSON null, or an empty CSV cell. */
    private boolean absent(JsonParser p, JsonToken token) throws IOException {
        return token == JsonToken.VALUE_NULL || (csv && token == JsonToken.VALUE_STRING && p.getTextLength() == 0);
    }

    private static String string(JsonParser p, JsonToken token) throws IOException, NotClean {
        if (token != JsonToken.VALUE_STRING) {
            throw NotClean.INSTANCE;
        }
        return p.getText();
    }

    private static String identifier(JsonParser p, JsonToken token) throws IOException, NotClean {
        String value = string(p, token);
        if (!Identifiers.isValid(value)) {
            throw NotClean.INSTANCE;
        }
        return value;
    }

    private static String customerId(JsonParser p, JsonToken token) throws IOException, NotClean {
        String value = string(p, token);
        if (value.isBlank() || value.length() > OrderValidator.MAX_CUSTOMER_ID_LENGTH) {
            throw NotClean.INSTANCE;
        }
        return value;
    }

    private String orderDate(String text) throws NotClean {
        Temporal parsed = OrderDates.parse(text);
        if (parsed instanceof Instant instant) {
            if (instant.isAfter(now.plus(OrderValidator.FUTURE_INSTANT_TOLERANCE))) {
                throw NotClean.INSTANCE;
            }
        } else if (parsed instanceof LocalDate date) {
            LocalDate latest = LocalDate.ofInstant(now, ZoneOffset.UTC)
                    .plusDays(OrderValidator.FUTURE_DATE_TOLERANCE_DAYS);
            if (date.isAfter(latest)) {
                throw NotClean.INSTANCE;
            }
        } else {
            throw NotClean.INSTANCE;
        }
        return OrderDates.normalise(text, parsed);
    }

    /** The lines with their unit prices as read (the currency's decimals are checked once the currency is known). */
    private List<LineItem> items(JsonParser p, JsonToken token) throws IOException, NotClean {
        if (csv && token == JsonToken.VALUE_STRING) {
            return itemsCell(p.getText());
        }
        if (token != JsonToken.START_ARRAY) {
            throw NotClean.INSTANCE;
        }
        return lines(p);
    }

    /** A CSV cell holding the items as JSON text: the whole text must be one array, as {@link Json#read} requires. */
    private List<LineItem> itemsCell(String text) throws NotClean {
        try (JsonParser cell = Json.mapper().createParser(text)) {
            if (cell.nextToken() != JsonToken.START_ARRAY) {
                throw NotClean.INSTANCE;
            }
            List<LineItem> lines = lines(cell);
            if (cell.nextToken() != null) {
                throw NotClean.INSTANCE;
            }
            return lines;
        } catch (IOException e) {
            throw NotClean.INSTANCE; // the tree walk reports the cell as MALFORMED_RECORD
        }
    }

    private List<LineItem> lines(JsonParser p) throws IOException, NotClean {
        List<LineItem> lines = new ArrayList<>(8);
        Set<String> skus = null;
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT || lines.size() == OrderValidator.MAX_ITEMS) {
                throw NotClean.INSTANCE;
            }
            LineItem line = line(p);
            if (lines.size() == LINEAR_DUPLICATE_SCAN) {
                skus = new HashSet<>();
                for (LineItem earlier : lines) {
                    skus.add(earlier.sku());
                }
            }
            if (skus != null ? !skus.add(line.sku()) : containsSku(lines, line.sku())) {
                throw NotClean.INSTANCE;
            }
            lines.add(line);
        }
        if (lines.isEmpty()) {
            throw NotClean.INSTANCE;
        }
        return lines;
    }

    private static boolean containsSku(List<LineItem> lines, String sku) {
        for (LineItem line : lines) {
            if (line.sku().equals(sku)) {
                return true;
            }
        }
        return false;
    }

    private LineItem line(JsonParser p) throws IOException, NotClean {
        String sku = null;
        int quantity = 0;
        BigDecimal unitPrice = null;
        int seen = 0;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            int bit = switch (field) {
                case "sku" -> SKU;
                case "quantity" -> QUANTITY;
                case "unitPrice" -> UNIT_PRICE;
                default -> 0;
            };
            if ((seen & bit) != 0) {
                throw NotClean.INSTANCE;
            }
            seen |= bit;
            if (absent(p, token)) {
                seen &= ~bit;
                continue;
            }
            switch (bit) {
                case SKU -> sku = identifier(p, token);
                case QUANTITY -> quantity = quantity(p, token);
                case UNIT_PRICE -> unitPrice = nonNegative(decimal(p, token));
                default -> Json.mapper().readTree(p);
            }
        }
        if ((seen & LINE_REQUIRED) != LINE_REQUIRED) {
            throw NotClean.INSTANCE;
        }
        return new LineItem(sku, quantity, unitPrice);
    }

    /** A whole number from 1 to {@link OrderValidator#MAX_QUANTITY}, written as an int or as any equal decimal. */
    private int quantity(JsonParser p, JsonToken token) throws IOException, NotClean {
        if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            int q = p.getIntValue();
            if (q < 1 || q > OrderValidator.MAX_QUANTITY) {
                throw NotClean.INSTANCE;
            }
            return q;
        }
        BigDecimal q = decimal(p, token);
        if (Decimals.fractionDigits(q) != 0 || q.compareTo(BigDecimal.ONE) < 0 || q.compareTo(MAX_QUANTITY) > 0) {
            throw NotClean.INSTANCE;
        }
        return q.intValue();
    }

    /** A JSON number; in CSV also a string holding a plain decimal. */
    private BigDecimal decimal(JsonParser p, JsonToken token) throws IOException, NotClean {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDecimalValue();
        }
        if (csv && token == JsonToken.VALUE_STRING) {
            BigDecimal parsed = Decimals.parseOrNull(p.getText());
            if (parsed != null) {
                return parsed;
            }
        }
        throw NotClean.INSTANCE;
    }

    private static BigDecimal nonNegative(BigDecimal value) throws NotClean {
        if (value.signum() < 0) {
            throw NotClean.INSTANCE;
        }
        return value;
    }

    /** The amount rule of the tree walk: at most 15 integer digits and the currency's decimals (zeros beyond dropped). */
    private static BigDecimal amount(BigDecimal amount, int allowedDigits) throws NotClean {
        if (Decimals.integerDigits(amount) > OrderValidator.MAX_AMOUNT_INTEGER_DIGITS) {
            throw NotClean.INSTANCE;
        }
        if (amount.scale() <= allowedDigits) {
            return amount;
        }
        if (Decimals.fractionDigits(amount) > allowedDigits) {
            throw NotClean.INSTANCE;
        }
        return amount.setScale(allowedDigits, RoundingMode.UNNECESSARY);
    }

    /** A free-form object DynamoDB can store; a CSV cell holds it as JSON text. */
    private ObjectNode freeFormObject(JsonParser p, JsonToken token) throws IOException, NotClean {
        JsonNode node;
        if (csv && token == JsonToken.VALUE_STRING) {
            try {
                node = Json.read(p.getText());
            } catch (IOException e) {
                throw NotClean.INSTANCE;
            }
        } else if (token == JsonToken.START_OBJECT) {
            node = Json.mapper().readTree(p);
        } else {
            throw NotClean.INSTANCE;
        }
        if (node == null || !node.isObject() || !OrderValidator.FreeForm.isStorable(node, 1)) {
            throw NotClean.INSTANCE;
        }
        return (ObjectNode) node;
    }
}
