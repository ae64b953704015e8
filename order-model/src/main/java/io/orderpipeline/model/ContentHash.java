package io.orderpipeline.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * SHA-256 (hex) of an order's canonical business content — the idempotency key of the conditional write.
 *
 * <p>Canonical form (version 1): compact JSON with a fixed field order; amounts as decimal text without trailing
 * zeros; items sorted by SKU (SKUs are unique per order); free-form objects with keys sorted and numbers without
 * trailing zeros. So the same order gives the same hash from JSON or CSV, with {@code 9.95} or {@code 9.950}, and
 * with attributes in any key order. Where the order came from (file, execution, time) is not content.
 */
public final class ContentHash {

    private static final Comparator<LineItem> BY_SKU = Comparator.comparing(LineItem::sku);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private ContentHash() {
    }

    public static String of(Order order) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(canonicalForm(order)));
    }

    /** The canonical bytes that are hashed (UTF-8 JSON). */
    static byte[] canonicalForm(Order order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = Json.mapper().getFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeNumberField("v", 1);
            gen.writeStringField("orderId", order.orderId());
            gen.writeStringField("customerId", order.customerId());
            gen.writeStringField("orderDate", order.orderDate());
            gen.writeStringField("currency", order.currency());
            gen.writeStringField("totalAmount", Decimals.canonical(order.totalAmount()));
            gen.writeArrayFieldStart("items");
            List<LineItem> items = order.items();
            if (items.size() > 1) {
                items = new ArrayList<>(items);
                items.sort(BY_SKU);
            }
            for (LineItem item : items) {
                gen.writeStartArray();
                gen.writeString(item.sku());
                gen.writeNumber(item.quantity());
                gen.writeString(Decimals.canonical(item.unitPrice()));
                gen.writeEndArray();
            }
            gen.writeEndArray();
            gen.writeFieldName("channel");
            if (order.channel() == null) {
                gen.writeNull();
            } else {
                gen.writeString(order.channel());
            }
            gen.writeFieldName("shippingAddress");
            writeCanonical(gen, order.shippingAddress());
            gen.writeFieldName("attributes");
            writeCanonical(gen, order.attributes());
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeCanonical(JsonGenerator gen, JsonNode node) throws IOException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            gen.writeNull();
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.sort(null);
            gen.writeStartObject();
            for (String name : names) {
                gen.writeFieldName(name);
                writeCanonical(gen, node.get(name));
            }
            gen.writeEndObject();
        } else if (node.isArray()) {
            gen.writeStartArray();
            for (JsonNode element : node) {
                writeCanonical(gen, element);
            }
            gen.writeEndArray();
        } else if (node.isNumber()) {
            gen.writeNumber(Decimals.canonical(node.decimalValue()));
        } else if (node.isTextual()) {
            gen.writeString(node.textValue());
        } else if (node.isBoolean()) {
            gen.writeBoolean(node.booleanValue());
        } else {
            throw new IllegalArgumentException("unexpected JSON node in order content: " + node.getNodeType());
        }
    }
}
