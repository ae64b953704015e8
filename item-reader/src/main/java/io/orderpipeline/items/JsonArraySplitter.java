package io.orderpipeline.items;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;

/**
 * InputType JSON: the object holds one JSON array (and nothing after it but whitespace); each element is an item,
 * read one at a time.
 */
final class JsonArraySplitter implements Splitter {

    private final JsonParser parser;
    private final long offsetBase;
    private boolean started;
    private boolean done;

    JsonArraySplitter(InputStream in, long offsetBase) throws IOException {
        this.parser = ExactJson.mapper().createParser(in);
        this.offsetBase = offsetBase;
    }

    @Override
    public JsonNode next() throws IOException {
        if (done) {
            return null;
        }
        try {
            if (!started) {
                started = true;
                JsonToken first = parser.nextToken();
                if (first != JsonToken.START_ARRAY) {
                    throw new ItemReadException(ItemReadException.Problem.NOT_A_JSON_ARRAY, first == null
                            ? "the object holds no JSON value; InputType JSON needs one JSON array"
                            : "the object holds a JSON " + describe(first) + "; InputType JSON needs one JSON array",
                            1, offsetBase, null);
                }
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                done = true;
                if (parser.nextToken() != null) {
                    throw new ItemReadException(ItemReadException.Problem.MALFORMED_JSON,
                            "more JSON follows the array", parser.currentTokenLocation().getLineNr(),
                            offsetBase + parser.currentTokenLocation().getByteOffset(), null);
                }
                return null;
            }
            if (token == null) {
                throw new ItemReadException(ItemReadException.Problem.MALFORMED_JSON,
                        "the object ends inside the array", parser.currentLocation().getLineNr(),
                        offsetBase + parser.currentLocation().getByteOffset(), null);
            }
            return ExactJson.readValue(parser);
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e, 0, offsetBase);
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
