package io.orderpipeline.asl.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.expr.Scope;
import io.orderpipeline.asl.expr.ValueSource;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.ObjectStore;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.items.CsvDelimiter;
import io.orderpipeline.items.InputType;
import io.orderpipeline.items.Item;
import io.orderpipeline.items.ItemReadException;
import io.orderpipeline.items.ItemStream;
import io.orderpipeline.items.ReaderSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Distributed Map's ItemReader for {@code arn:aws:states:::s3:getObject} with ReaderConfig InputType JSON (a
 * top-level array), JSONL (one value per line) or CSV (rows as objects of strings by AWS's CSV rules, header in the
 * FIRST_ROW or GIVEN as CSVHeaders). How an object is split is stated once, in the {@code item-reader} module; this
 * class reads the definition's configuration, hands the items on one at a time and reports a bad object as
 * {@code States.ItemReaderFailed}.
 */
public final class ItemReader {

    public static final String GET_OBJECT = "arn:aws:states:::s3:getObject";

    private final ValueSource parameters;
    private final InputType inputType;
    private final List<String> givenHeaders; // null: header in the first row
    private final CsvDelimiter delimiter;
    private final ValueSource maxItems;

    private ItemReader(ValueSource parameters, InputType inputType, List<String> givenHeaders, CsvDelimiter delimiter,
                       ValueSource maxItems) {
        this.parameters = parameters;
        this.inputType = inputType;
        this.givenHeaders = givenHeaders;
        this.delimiter = delimiter;
        this.maxItems = maxItems;
    }

    public static ItemReader from(Fields map) {
        var fields = map.nested(map.where() + " ItemReader", map.object("ItemReader"));
        String resource = fields.requiredString("Resource");
        if (!resource.equals(GET_OBJECT)) {
            throw fields.error("Resource '" + resource + "' is not supported by this executor (only " + GET_OBJECT + ")");
        }
        ValueSource parameters = S3Location.from(fields, List.of("Bucket", "Key", "VersionId"), "Bucket and Key");
        var config = fields.object("ReaderConfig");
        if (config == null) {
            throw fields.error("'ReaderConfig' with InputType is required for " + GET_OBJECT);
        }
        var configFields = fields.nested(fields.where() + " ReaderConfig", config);
        String type = configFields.requiredString("InputType");
        InputType inputType;
        try {
            inputType = InputType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw configFields.error("InputType '" + type + "' is not supported by this executor (JSON, JSONL, CSV are)");
        }
        String headerLocation = configFields.string("CSVHeaderLocation");
        var headers = configFields.array("CSVHeaders");
        String delimiterName = configFields.string("CSVDelimiter");
        List<String> givenHeaders = null;
        if (inputType == InputType.CSV) {
            if ("GIVEN".equals(headerLocation)) {
                if (headers == null || headers.isEmpty()) {
                    throw configFields.error("CSVHeaderLocation GIVEN needs a non-empty 'CSVHeaders' array");
                }
                givenHeaders = new ArrayList<>();
                for (JsonNode header : headers) {
                    if (!header.isTextual()) {
                        throw configFields.error("CSVHeaders must hold strings");
                    }
                    givenHeaders.add(header.asText());
                }
                if (new java.util.HashSet<>(givenHeaders).size() != givenHeaders.size()) {
                    throw configFields.error("CSVHeaders name a column twice; one column would replace the other");
                }
            } else if (headerLocation != null && !headerLocation.equals("FIRST_ROW")) {
                throw configFields.error("CSVHeaderLocation must be FIRST_ROW or GIVEN");
            } else if (headers != null) {
                throw configFields.error("'CSVHeaders' needs CSVHeaderLocation GIVEN");
            }
        } else if (headerLocation != null || headers != null || delimiterName != null) {
            throw configFields.error("CSV settings are only allowed with InputType CSV");
        }
        CsvDelimiter delimiter;
        try {
            delimiter = CsvDelimiter.named(delimiterName == null ? "COMMA" : delimiterName);
        } catch (IllegalArgumentException e) {
            throw configFields.error(e.getMessage());
        }
        ValueSource maxItems = configFields.count("MaxItems", "MaxItemsPath", 0, 100_000_000);
        configFields.done();
        fields.done();
        return new ItemReader(parameters, inputType, givenHeaders == null ? null : List.copyOf(givenHeaders), delimiter,
                maxItems);
    }

    public InputType inputType() {
        return inputType;
    }

    /** Takes the items an object is split into, in order. */
    @FunctionalInterface
    public interface ItemSink {
        /** @throws StatesError passed on to the caller of {@link #read} unchanged */
        void accept(long index, JsonNode value) throws StatesError;
    }

    /**
     * Reads the whole object, split by the shared item reader ({@code item-reader}: the same rules the reconciler
     * re-reads files with), handing each item to {@code sink} as it is parsed; only the item being handed on is held.
     *
     * @param scope resolves the parameters and MaxItems (JSONPath against the Map's effective input)
     * @return the number of items read
     * @throws StatesError {@code States.ItemReaderFailed} when the object cannot be read or parsed; what {@code sink}
     *                     throws, unchanged
     */
    public long read(ObjectStore store, Scope scope, ItemSink sink) throws StatesError {
        JsonNode location = parameters.evaluate(scope);
        String bucket = text(location, "Bucket");
        String key = text(location, "Key");
        String versionId = location.hasNonNull("VersionId") && !location.get("VersionId").asText().isEmpty()
                ? location.get("VersionId").asText() : null;
        ReaderSpec spec = new ReaderSpec(inputType, givenHeaders, delimiter, maxItems(scope));
        String where = "s3://" + bucket + "/" + key + (versionId == null ? "" : " (version " + versionId + ")");
        long read = 0;
        try (ItemStream stream = ItemStream.open(store.open(bucket, key, versionId), spec)) {
            for (Item item = stream.next(); item != null; item = stream.next()) {
                read++;
                try {
                    sink.accept(item.index(), item.value());
                } catch (StatesError e) {
                    throw new SinkFailed(e);
                }
            }
            return read;
        } catch (SinkFailed e) {
            throw e.error;
        } catch (StatesError e) {
            if (e.error().equals(ErrorNames.ITEM_READER_FAILED)) {
                throw e;
            }
            throw failed("cannot read " + where + ": " + e.error() + ": " + e.cause());
        } catch (ItemReadException e) {
            throw failed(where + " is not valid " + inputType + " (item " + read + "): " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw failed("cannot read " + where + ": " + e.getMessage());
        }
    }

    /** What the sink threw, carried past the reader's own error handling. */
    private static final class SinkFailed extends RuntimeException {
        private final StatesError error;

        SinkFailed(StatesError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    private long maxItems(Scope scope) {
        if (maxItems == null) {
            return 0;
        }
        JsonNode value = maxItems.evaluate(scope);
        if (!value.canConvertToExactIntegral() || value.asLong() < 0) {
            throw failed("MaxItems does not evaluate to a non-negative integer: " + value);
        }
        return value.asLong();
    }

    private static String text(JsonNode location, String field) {
        JsonNode value = location.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw failed("ItemReader Parameters need a string '" + field + "'");
        }
        return value.asText();
    }

    private static StatesError failed(String cause) {
        return new StatesError(ErrorNames.ITEM_READER_FAILED, cause);
    }
}
