package io.orderpipeline.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordFormatTest {

    @ParameterizedTest
    @CsvSource({
            "incoming/2026/11/orders.json, JSON",
            "incoming/orders.JSONL, JSONL",
            "incoming/a.b.csv, CSV",
            "orders.jsonl, JSONL"
    })
    void theSuffixPicksTheFormat(String key, RecordFormat format) {
        assertThat(RecordFormat.fromKey(key)).isEqualTo(format);
    }

    @Test
    void otherSuffixesAreUnsupported() {
        assertThat(RecordFormat.tryFromKey("incoming/orders.xml")).isEmpty();
        assertThat(RecordFormat.tryFromKey("incoming/orders.json.gz")).isEmpty();
        assertThat(RecordFormat.tryFromKey(null)).isEmpty();
        assertThatThrownBy(() -> RecordFormat.fromKey("incoming/orders.txt"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orders.txt");
    }

    @Test
    void theBatchInputNameIsReadCaseInsensitively() {
        assertThat(RecordFormat.fromName("csv")).isEqualTo(RecordFormat.CSV);
        assertThat(RecordFormat.fromName("JSONL")).isEqualTo(RecordFormat.JSONL);
        assertThat(RecordFormat.CSV.acceptsNumbersAsStrings()).isTrue();
        assertThat(RecordFormat.JSON.acceptsNumbersAsStrings()).isFalse();
    }
}
