package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.items.CsvDelimiter;
import io.orderpipeline.items.Item;
import io.orderpipeline.items.ItemStream;
import io.orderpipeline.items.ReaderSpec;

import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;

/** The sample order files, run through order-model's real rules: each file holds what its name promises. */
class SampleOrdersAgainstRulesTest {

    private final OrderValidator validator = new OrderValidator();

    private static JsonNode json(String relative) throws IOException {
        return AslDefinition.JSON.readTree(Files.readString(ProjectFiles.resolve(relative)));
    }

    /** "VALID" or the sorted reason codes. */
    private String verdict(JsonNode record, RecordFormat format) {
        return switch (validator.validate(record, format)) {
            case ValidationResult.Valid valid -> "VALID";
            case ValidationResult.Invalid invalid -> new TreeSet<>(invalid.reasonCodes().stream().map(Enum::name).toList()).toString();
        };
    }

    private Map<String, String> verdicts(Iterable<JsonNode> records, RecordFormat format) {
        var byId = new LinkedHashMap<String, String>();
        records.forEach(r -> byId.put(r.path("orderId").asText(), verdict(r, format)));
        return byId;
    }

    /** CSV rows as the Distributed Map delivers them (item-reader: AWS's CSV rules): objects of strings keyed by the header, empty cells left out. */
    private static List<JsonNode> csvRecords(String relative) throws IOException {
        try (var rows = ItemStream.open(java.nio.file.Files.newInputStream(ProjectFiles.resolve(relative)),
                ReaderSpec.csvWithHeaderRow(CsvDelimiter.COMMA))) {
            var records = new ArrayList<JsonNode>();
            for (var row : rows.stream().map(Item::value).toList()) {
                var record = (ObjectNode) row;
                var empty = new ArrayList<String>();
                record.fields().forEachRemaining(e -> {
                    if (e.getValue().asText().isEmpty()) {
                        empty.add(e.getKey());
                    }
                });
                record.remove(empty);
                records.add(record);
            }
            return records;
        }
    }

    @Test
    void eachInvalidOrderFailsForExactlyTheReasonItsIdNames() throws IOException {
        var idSuffix = Pattern.compile("[A-Z_]+$");
        for (var order : json("events/orders/invalid-orders.json")) {
            var m = idSuffix.matcher(order.path("orderId").asText());
            assertThat(m.find()).isTrue();
            assertThat(verdict(order, RecordFormat.JSON)).as(order.path("orderId").asText()).isEqualTo("[" + m.group() + "]");
        }
    }

    @Test
    void validOrdersAreValid() throws IOException {
        assertThat(verdicts(json("events/orders/valid-orders.json"), RecordFormat.JSON).values()).containsOnly("VALID");
    }

    @Test
    void sampleOrdersGetTheSameVerdictsInJsonJsonlAndCsv() throws IOException {
        var fromJson = verdicts(json("events/orders/sample-orders.json"), RecordFormat.JSON);
        var jsonl = new ArrayList<JsonNode>();
        for (var line : Files.readAllLines(ProjectFiles.resolve("events/orders/sample-orders.jsonl"))) {
            jsonl.add(AslDefinition.JSON.readTree(line));
        }
        assertThat(verdicts(jsonl, RecordFormat.JSONL)).isEqualTo(fromJson);
        assertThat(verdicts(csvRecords("events/orders/sample-orders.csv"), RecordFormat.CSV)).isEqualTo(fromJson);

        var invalid = fromJson.values().stream().filter(v -> !v.equals("VALID")).toList();
        assertThat(invalid).as("mostly valid, a few invalid").hasSizeBetween(3, fromJson.size() / 3);
        assertThat(Set.copyOf(invalid)).as("with different reasons").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void validatorBatchMixesValidAndInvalidOrders() throws IOException {
        var verdicts = verdicts(json("events/validator-batch.json").path("Items"), RecordFormat.JSON).values();
        assertThat(verdicts).contains("VALID").anyMatch(v -> !v.equals("VALID"));
    }
}
