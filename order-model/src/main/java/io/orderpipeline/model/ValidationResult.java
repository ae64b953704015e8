package io.orderpipeline.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The outcome of validating one record: a {@link Valid} order or the {@link Invalid} list of every violation. */
public sealed interface ValidationResult permits ValidationResult.Valid, ValidationResult.Invalid {

    /** The order id when the record has a usable one (it passes the orderId rule), else null. */
    String orderId();

    boolean isValid();

    record Valid(Order order) implements ValidationResult {
        public Valid {
            Objects.requireNonNull(order, "order");
        }

        @Override
        public String orderId() {
            return order.orderId();
        }

        @Override
        public boolean isValid() {
            return true;
        }
    }

    /** @param violations never empty, in the order they were found (the first one is the "primary" reason) */
    record Invalid(String orderId, List<Violation> violations) implements ValidationResult {
        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one violation");
            }
        }

        @Override
        public boolean isValid() {
            return false;
        }

        /** The code of the first violation: the DLQ message attribute {@code reasonCode}. */
        public ReasonCode primaryReason() {
            return violations.getFirst().code();
        }

        /** Each code once, in enum order. */
        public Set<ReasonCode> reasonCodes() {
            EnumSet<ReasonCode> codes = EnumSet.noneOf(ReasonCode.class);
            for (Violation v : violations) {
                codes.add(v.code());
            }
            return codes;
        }
    }
}
