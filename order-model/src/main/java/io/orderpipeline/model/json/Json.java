package io.orderpipeline.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration for orders: floats read as {@code BigDecimal} (money is never a double) and
 * decimals kept exactly as written ({@code 24.40} stays {@code 24.40} in a DLQ record). Built once; thread-safe.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    /** Whole-document reads: text after the JSON value (a CSV cell "[1] x") is an error, not ignored. */
    private static final ObjectReader DOCUMENT_READER = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Compact JSON text of a tree. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one complete JSON document (decimals as BigDecimal; trailing content is an error). */
    public static JsonNode read(String text) throws IOException {
        return DOCUMENT_READER.readTree(text);
    }

    /** Size in bytes of the compact UTF-8 serialization, without building it. */
    public static long serializedSize(JsonNode node) {
        CountingStream counter = new CountingStream();
        try (JsonGenerator gen = MAPPER.createGenerator(counter)) {
            MAPPER.writeTree(gen, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    /** At most {@code max} characters of {@code text}, with an ellipsis when cut (keeps messages bounded). */
    public static String abbreviate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "…(" + text.length() + " chars)";
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
