package io.orderpipeline.model.fast;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fields the order rules read from one JSON object (an order record or one of its item lines) as a reader found
 * them: from a tree ({@link #ofRecord}, {@link #ofLines}) or straight off the parser ({@link StreamingOrderReader}).
 * Each value is the JSON node Jackson's tree read gives for it; a field that is not there is null. A reader only finds
 * values and judges none: every rule is applied afterwards, by one rule pass, whichever reader found them.
 */
public final class RecordFields {

    /** Fields of an order record (data-contracts.md §1), by id. */
    public static final int ORDER_ID = 0;
    public static final int CUSTOMER_ID = 1;
    public static final int ORDER_DATE = 2;
    public static final int CURRENCY = 3;
    public static final int ITEMS = 4;
    public static final int TOTAL_AMOUNT = 5;
    public static final int CHANNEL = 6;
    public static final int SHIPPING_ADDRESS = 7;
    public static final int ATTRIBUTES = 8;

    /** Fields of an item line, by id. */
    public static final int SKU = 0;
    public static final int QUANTITY = 1;
    public static final int UNIT_PRICE = 2;

    private static final String[] RECORD_NAMES = {"orderId", "customerId", "orderDate", "currency", "items",
            "totalAmount", "channel", "shippingAddress", "attributes"};
    private static final String[] LINE_NAMES = {"sku", "quantity", "unitPrice"};

    private final JsonNode[] values;
    /** The elements of {@code items} when a reader found them as a JSON array of its own; null: read {@link #ITEMS}. */
    private List<RecordFields> lines;
    /** For an element of {@code items} that is not a JSON object: the element (and no fields). */
    private final JsonNode notAnObject;

    private RecordFields(int size, JsonNode notAnObject) {
        this.values = new JsonNode[size];
        this.notAnObject = notAnObject;
    }

    static RecordFields record() {
        return new RecordFields(RECORD_NAMES.length, null);
    }

    static RecordFields line() {
        return new RecordFields(LINE_NAMES.length, null);
    }

    static RecordFields notAnObject(JsonNode element) {
        return new RecordFields(0, Objects.requireNonNull(element, "element"));
    }

    /** The name of record field {@code id}. */
    public static String recordField(int id) {
        return RECORD_NAMES[id];
    }

    /** The name of item-line field {@code id}. */
    public static String lineField(int id) {
        return LINE_NAMES[id];
    }

    /** The id of a record field, or -1 for a field the rules do not read. */
    static int recordFieldId(String name) {
        return switch (name) {
            case "orderId" -> ORDER_ID;
            case "customerId" -> CUSTOMER_ID;
            case "orderDate" -> ORDER_DATE;
            case "currency" -> CURRENCY;
            case "items" -> ITEMS;
            case "totalAmount" -> TOTAL_AMOUNT;
            case "channel" -> CHANNEL;
            case "shippingAddress" -> SHIPPING_ADDRESS;
            case "attributes" -> ATTRIBUTES;
            default -> -1;
        };
    }

    /** The id of an item-line field, or -1 for a field the rules do not read. */
    static int lineFieldId(String name) {
        return switch (name) {
            case "sku" -> SKU;
            case "quantity" -> QUANTITY;
            case "unitPrice" -> UNIT_PRICE;
            default -> -1;
        };
    }

    /** The fields of a record read as a tree (a JSON object). */
    public static RecordFields ofRecord(JsonNode record) {
        return of(record, RECORD_NAMES);
    }

    /** The elements of an {@code items} array read as a tree: each a line's fields, or an element that is not an object. */
    public static List<RecordFields> ofLines(JsonNode items) {
        List<RecordFields> lines = new ArrayList<>(items.size());
        for (JsonNode element : items) {
            lines.add(element.isObject() ? of(element, LINE_NAMES) : notAnObject(element));
        }
        return lines;
    }

    private static RecordFields of(JsonNode object, String[] names) {
        if (!object.isObject()) {
            throw new IllegalArgumentException("not a JSON object: " + object.getNodeType());
        }
        RecordFields fields = new RecordFields(names.length, null);
        for (int i = 0; i < names.length; i++) {
            fields.values[i] = object.get(names[i]);
        }
        return fields;
    }

    /** The value of field {@code id}, or null when the object does not have it. */
    public JsonNode get(int id) {
        return values[id];
    }

    /** The elements of {@code items} as a reader found them, or null when they are to be read from {@link #ITEMS}. */
    public List<RecordFields> lines() {
        return lines;
    }

    /** False for an element of {@code items} that is not a JSON object (then {@link #element()} is that element). */
    public boolean isObject() {
        return notAnObject == null;
    }

    public JsonNode element() {
        return notAnObject;
    }

    /** Sets a field; false when the object already had it (the reader gives way: the tree keeps the last value). */
    boolean set(int id, JsonNode value) {
        if (values[id] != null || (id == ITEMS && lines != null)) {
            return false;
        }
        values[id] = value;
        return true;
    }

    boolean setLines(List<RecordFields> elements) {
        if (values[ITEMS] != null || lines != null) {
            return false;
        }
        lines = elements;
        return true;
    }
}
