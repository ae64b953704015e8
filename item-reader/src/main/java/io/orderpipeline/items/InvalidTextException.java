package io.orderpipeline.items;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;

/**
 * A JSON string (value or field name) holds a UTF-16 surrogate that is not part of a pair, e.g. the escape
 * {@code "\uD800"} on its own. Such a string has no UTF-8 form, so it cannot travel on unchanged: a writer would
 * replace it with {@code ?} or U+FFFD. It is rejected when read instead.
 */
public final class InvalidTextException extends JsonParseException {

    private static final long serialVersionUID = 1L;

    InvalidTextException(JsonParser parser, String message, JsonLocation location) {
        super(parser, message, location);
    }
}
