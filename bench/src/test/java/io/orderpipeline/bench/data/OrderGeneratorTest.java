package io.orderpipeline.bench.data;

import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.rules.OrderValidator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class OrderGeneratorTest {

    private final OrderValidator validator =
            new OrderValidator(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void everyGeneratedOrderPassesValidationWhenNoneIsMeantToFail() {
        var generator = new OrderGenerator(1, 0);
        for (int i = 0; i < 20_000; i++) {
            var order = generator.next();
            assertThat(validator.validate(order, RecordFormat.JSONL).isValid()).as(order.toString()).isTrue();
        }
    }

    @Test
    void everyNthOrderIsATotalMismatch() {
        var generator = new OrderGenerator(3, 10);
        int invalid = 0;
        for (int i = 1; i <= 1_000; i++) {
            var result = validator.validate(generator.next(), RecordFormat.JSON);
            if (result instanceof ValidationResult.Invalid bad) {
                invalid++;
                assertThat(i % 10).isZero();
                assertThat(bad.primaryReason()).isEqualTo(ReasonCode.TOTAL_MISMATCH);
            }
        }
        assertThat(invalid).isEqualTo(100);
    }

    @Test
    void sameSeedGivesTheSameOrders() {
        assertThat(new OrderGenerator(42, 0).next(50)).isEqualTo(new OrderGenerator(42, 0).next(50));
    }

    @Test
    void aBatchHasTheValidatorInputShape() {
        var batch = new OrderGenerator(1, 0).batch(100);
        assertThat(batch.get("Items").size()).isEqualTo(100);
        assertThat(batch.get("BatchInput").get("format").asText()).isEqualTo("JSON");
        assertThat(batch.get("BatchInput").has("executionId")).isTrue();
    }
}
