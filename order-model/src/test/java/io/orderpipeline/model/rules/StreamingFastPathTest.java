package io.orderpipeline.model.rules;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.Orders;
import io.orderpipeline.model.RandomRecords;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.BatchItemWriter;
import io.orderpipeline.model.wire.OrderItemMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming fast path against the tree path, record by record: whenever the fast path accepts a record, the tree
 * path finds the same valid order and the hand-encoded item has the mapper's exact bytes; the fast path declines
 * only what the tree path must handle (violations, and repeated fields, where the tree keeps the last value).
 */
class StreamingFastPathTest {

    private static final IngestionContext CONTEXT = new IngestionContext(
            new SourceRef("orders-bucket", "incoming/2026/11/orders \"ü\".json", "3HL4kqtJlcpXroDTDmJ"),
            "arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1",
            Instant.parse("2026-11-24T10:00:00.123Z"));

    private final OrderValidator validator = new OrderValidator(Orders.CLOCK);

    @Test
    void onRandomRecordsTheFastPathAcceptsExactlyTheValidOrdersAndWritesTheSameItems() throws IOException {
        RandomRecords records = new RandomRecords(20261124);
        int accepted = 0;
        int invalid = 0;
        int declinedRepeats = 0;
        Map<RecordFormat, Integer> acceptedByFormat = new EnumMap<>(RecordFormat.class);
        for (int i = 0; i < 6000; i++) {
            RandomRecords.Sample sample = records.next();
            byte[] bytes = sample.json().getBytes(StandardCharsets.UTF_8);
            JsonNode tree = Json.mapper().readTree(bytes);
            ValidationResult expected = validator.validate(tree, sample.format());
            Order fast = readFast(bytes, sample.format());

            if (fast == null) {
                if (expected.isValid()) {
                    assertThat(sample.repeatsAField()).as("declined a valid order: %s", sample).isTrue();
                    declinedRepeats++;
                } else {
                    invalid++;
                }
                continue;
            }
            accepted++;
            acceptedByFormat.merge(sample.format(), 1, Integer::sum);
            assertThat(expected).as("accepted %s", sample).isInstanceOf(ValidationResult.Valid.class);
            Order order = ((ValidationResult.Valid) expected).order();
            assertThat(fast).as("%s", sample).isEqualTo(order);
            assertThat(fastItem(fast, CONTEXT)).as("%s", sample).isEqualTo(mapperItem(order, CONTEXT));
        }
        // the generator must exercise both sides, in every format
        assertThat(accepted).isGreaterThan(600);
        assertThat(acceptedByFormat).allSatisfy((format, count) -> assertThat(count).as("%s", format).isGreaterThan(150))
                .hasSize(3);
        assertThat(invalid).isGreaterThan(2000);
        assertThat(declinedRepeats).isGreaterThan(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JSON", "CSV"})
    void theSampleOrderIsReadWithoutATreeAsTheSameOrder(String formatName) throws IOException {
        RecordFormat format = RecordFormat.valueOf(formatName);
        String record = format == RecordFormat.CSV ? Orders.SAMPLE_CSV_RECORD : Orders.SAMPLE_JSON;
        Order fast = readFast(record.getBytes(StandardCharsets.UTF_8), format);
        ValidationResult expected = validator.validate(Orders.json(record), format);
        assertThat(fast).isEqualTo(((ValidationResult.Valid) expected).order());
    }

    @Test
    void aNumberAsAStringIsACsvCellNotAJsonValue() throws IOException {
        String record = Orders.minimal().put("totalAmount", "19.90").toString();
        byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
        assertThat(readFast(bytes, RecordFormat.JSON)).isNull();
        assertThat(readFast(bytes, RecordFormat.CSV)).isNotNull();
    }

    @Test
    void afterARecordTheParserIsOnItsEndWhetherItWasAcceptedOrNot() throws IOException {
        String valid = Orders.minimal().toString();
        String invalid = Orders.minimal().put("currency", "XXX").toString();
        String midItems = Orders.minimal().set("items", Orders.anyJson("[{\"sku\":\"A\",\"quantity\":0,\"x\":[{}]},1]")).toString();
        String array = "[" + invalid + "," + midItems + "," + valid + "]";
        try (JsonParser parser = Json.mapper().createParser(array)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            List<Order> read = new ArrayList<>();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                read.add(validator.readValidOrder(parser, RecordFormat.JSON));
                assertThat(parser.currentToken()).isEqualTo(JsonToken.END_OBJECT);
            }
            assertThat(parser.currentToken()).isEqualTo(JsonToken.END_ARRAY);
            assertThat(read).hasSize(3);
            assertThat(read.get(0)).isNull();
            assertThat(read.get(1)).isNull();
            assertThat(read.get(2).orderId()).isEqualTo("ORD-1");
        }
    }

    @Test
    void textWithSurrogatesIsWrittenByTheMapperWithItsOwnEscapes() throws IOException {
        Order order = ((ValidationResult.Valid) validator.validate(
                Orders.minimal().put("channel", "shop 😀").put("customerId", "lone \uDC00"), RecordFormat.JSON)).order();
        String item = fastItem(order, CONTEXT);
        assertThat(item).isEqualTo(mapperItem(order, CONTEXT)).contains("shop \\uD83D\\uDE00");
    }

    @Test
    void itemsOfABatchShareOneEncodingOfTheIngestionAttributes() throws IOException {
        Order first = ((ValidationResult.Valid) validator.validate(Orders.sample(), RecordFormat.JSON)).order();
        Order second = ((ValidationResult.Valid) validator.validate(Orders.minimal(), RecordFormat.JSON)).order();
        BatchItemWriter writer = new BatchItemWriter(CONTEXT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = Json.mapper().createGenerator(out)) {
            gen.writeStartArray();
            writer.writeItem(gen, first);
            writer.writeItem(gen, second);
            gen.writeEndArray();
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("[" + mapperItem(first, CONTEXT) + "," + mapperItem(second, CONTEXT) + "]");
    }

    private Order readFast(byte[] record, RecordFormat format) throws IOException {
        try (JsonParser parser = Json.mapper().createParser(record)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            Order order = validator.readValidOrder(parser, format);
            assertThat(parser.currentToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(parser.nextToken()).isNull();
            return order;
        }
    }

    static String fastItem(Order order, IngestionContext context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = Json.mapper().createGenerator(out)) {
            new BatchItemWriter(context).writeItem(gen, order);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String mapperItem(Order order, IngestionContext context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = Json.mapper().createGenerator(out)) {
            OrderItemMapper.writeItem(gen, order, context);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
