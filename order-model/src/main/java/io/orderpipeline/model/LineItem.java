package io.orderpipeline.model;

import java.math.BigDecimal;
import java.util.Objects;

/** One order line, as validated: a SKU, a whole quantity and a unit price in the order's currency. */
public record LineItem(String sku, int quantity, BigDecimal unitPrice) {
    public LineItem {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(unitPrice, "unitPrice");
    }

    /** quantity × unitPrice, exact. */
    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
