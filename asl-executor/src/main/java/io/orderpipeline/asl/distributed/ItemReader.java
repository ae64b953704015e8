package io.orderpipeline.asl.distributed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.path.PayloadTemplate;
import io.orderpipeline.asl.spi.ObjectStore;
import io.orderpipeline.asl.spi.StatesError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Distributed Map's ItemReader for {@code arn:aws:states:::s3:getObject} with ReaderConfig InputType JSON (a
 * top-level array), JSONL (one value per line) or CSV (rows as objects of strings, header in the FIRST_ROW or GIVEN
 * as CSVHeaders). The whole object is read and parsed before any child starts, so a bad object starts nothing.
 */
public final class ItemReader {

    public static final String GET_OBJECT = "arn:aws:states:::s3:getObject";
    private static final CsvMapper CSV = new CsvMapper();
    private static final Map<String, Character> DELIMITERS = Map.of(
            "COMMA", ',', "PIPE", '|', "SEMICOLON", ';', "SPACE", ' ', "TAB", '\t');

    public enum InputType { JSON, JSONL, CSV }

    private final PayloadTemplate parameters;
    private final InputType inputType;
    private final List<String> givenHeaders; // null: header in the first row
    private final char delimiter;
    private final Long maxItems;
    private final String maxItemsPath;

    private ItemReader(PayloadTemplate parameters, InputType inputType, List<String> givenHeaders, char delimiter,
                       Long maxItems, String maxItemsPath) {
        this.parameters = parameters;
        this.inputType = inputType;
        this.givenHeaders = givenHeaders;
        this.delimiter = delimiter;
        this.maxItems = maxItems;
        this.maxItemsPath = maxItemsPath;
    }

    public static ItemReader from(Fields map) {
        var fields = new Fields(map.where() + " ItemReader", map.object("ItemReader"));
        String resource = fields.requiredString("Resource");
        if (!resource.equals(GET_OBJECT)) {
            throw fields.error("Resource '" + resource + "' is not supported by this executor (only " + GET_OBJECT + ")");
        }
        fields.unsupported("JSONata is not supported", "Arguments");
        PayloadTemplate parameters = fields.template("Parameters");
        if (parameters == null) {
            throw fields.error("'Parameters' with Bucket and Key is required");
        }
        var parameterFields = new Fields(fields.where() + " Parameters", parameters.template());
        for (String name : List.of("Bucket", "Key", "VersionId")) {
            parameterFields.raw(name);
            parameterFields.raw(name + ".$");
        }
        parameterFields.done();
        var config = fields.object("ReaderConfig");
        if (config == null) {
            throw fields.error("'ReaderConfig' with InputType is required for " + GET_OBJECT);
        }
        var configFields = new Fields(fields.where() + " ReaderConfig", config);
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
                    givenHeaders.add(header.asText());
                }
            } else if (headerLocation != null && !headerLocation.equals("FIRST_ROW")) {
                throw configFields.error("CSVHeaderLocation must be FIRST_ROW or GIVEN");
            } else if (headers != null) {
                throw configFields.error("'CSVHeaders' needs CSVHeaderLocation GIVEN");
            }
        } else if (headerLocation != null || headers != null || delimiterName != null) {
            throw configFields.error("CSV settings are only allowed with InputType CSV");
        }
        Character delimiter = DELIMITERS.get(delimiterName == null ? "COMMA" : delimiterName);
        if (delimiter == null) {
            throw configFields.error("CSVDelimiter must be one of " + DELIMITERS.keySet());
        }
        Long maxItems = configFields.integer("MaxItems", 0, 100_000_000);
        String maxItemsPath = configFields.path("MaxItemsPath");
        if (maxItems != null && maxItemsPath != null) {
            throw configFields.error("has both 'MaxItems' and 'MaxItemsPath'");
        }
        configFields.done();
        fields.done();
        return new ItemReader(parameters, inputType, givenHeaders == null ? null : List.copyOf(givenHeaders), delimiter,
                maxItems, maxItemsPath);
    }

    public InputType inputType() {
        return inputType;
    }

    /**
     * Reads and parses the whole object.
     *
     * @param paths resolves {@code .$} parameters and MaxItemsPath against the Map's effective input
     * @throws StatesError {@code States.ItemReaderFailed} when the object cannot be read or parsed
     */
    public List<JsonNode> read(ObjectStore store, PathResolver paths) throws StatesError {
        JsonNode location = parameters.evaluate(paths);
        String bucket = text(location, "Bucket");
        String key = text(location, "Key");
        String versionId = location.hasNonNull("VersionId") && !location.get("VersionId").asText().isEmpty()
                ? location.get("VersionId").asText() : null;
        long limit = maxItems(paths);
        String where = "s3://" + bucket + "/" + key + (versionId == null ? "" : " (version " + versionId + ")");
        try (InputStream in = store.open(bucket, key, versionId)) {
            byte[] content = withoutByteOrderMark(in.readAllBytes());
            List<JsonNode> items = switch (inputType) {
                case JSON -> readJsonArray(content, where);
                case JSONL -> readJsonLines(content, where);
                case CSV -> readCsv(content, where);
            };
            return limit > 0 && items.size() > limit ? List.copyOf(items.subList(0, (int) limit)) : items;
        } catch (StatesError e) {
            if (e.error().equals("States.ItemReaderFailed")) {
                throw e;
            }
            throw failed("cannot read " + where + ": " + e.error() + ": " + e.cause());
        } catch (IOException | RuntimeException e) {
            throw failed("cannot read " + where + ": " + e.getMessage());
        }
    }

    private long maxItems(PathResolver paths) {
        if (maxItemsPath == null) {
            return maxItems == null ? 0 : maxItems;
        }
        JsonNode value = paths.resolve(maxItemsPath);
        if (!value.canConvertToExactIntegral() || value.asLong() < 0) {
            throw failed("MaxItemsPath does not reference a non-negative integer: " + value);
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

    /** Spreadsheet tools often start UTF-8 files with a byte order mark; it is not part of the data. */
    private static byte[] withoutByteOrderMark(byte[] content) {
        if (content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB && (content[2] & 0xFF) == 0xBF) {
            return java.util.Arrays.copyOfRange(content, 3, content.length);
        }
        return content;
    }

    private static List<JsonNode> readJsonArray(byte[] content, String where) {
        JsonNode root;
        try (JsonParser parser = Json.MAPPER.createParser(content)) {
            root = Json.MAPPER.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw failed(where + " holds more than one JSON value");
            }
        } catch (IOException e) {
            throw failed(where + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isArray()) {
            throw failed(where + " does not hold a JSON array");
        }
        var items = new ArrayList<JsonNode>(root.size());
        root.forEach(items::add);
        return items;
    }

    private static List<JsonNode> readJsonLines(byte[] content, String where) throws IOException {
        var items = new ArrayList<JsonNode>();
        var reader = new BufferedReader(new InputStreamReader(new java.io.ByteArrayInputStream(content), StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try (JsonParser parser = Json.MAPPER.createParser(line)) {
                JsonNode item = Json.MAPPER.readTree(parser);
                if (parser.nextToken() != null) {
                    throw failed(where + " line " + number + " holds more than one JSON value");
                }
                items.add(item);
            } catch (IOException e) {
                throw failed(where + " line " + number + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return items;
    }

    private List<JsonNode> readCsv(byte[] content, String where) {
        if (givenHeaders == null && new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw failed(where + " has no header row");
        }
        CsvSchema schema;
        if (givenHeaders != null) {
            var builder = CsvSchema.builder();
            givenHeaders.forEach(builder::addColumn);
            schema = builder.build().withColumnSeparator(delimiter);
        } else {
            schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(delimiter);
        }
        var items = new ArrayList<JsonNode>();
        try (MappingIterator<JsonNode> rows = CSV.readerFor(JsonNode.class).with(schema).readValues(content)) {
            while (rows.hasNextValue()) {
                items.add(rows.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw failed(where + " is not valid CSV: " + message);
        }
        return items;
    }

    private static StatesError failed(String cause) {
        return new StatesError("States.ItemReaderFailed", cause);
    }
}
