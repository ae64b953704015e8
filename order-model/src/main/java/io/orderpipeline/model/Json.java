package io.orderpipeline.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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

    /** Parses JSON text (decimals as BigDecimal). */
    public static JsonNode read(String text) throws IOException {
        return MAPPER.readTree(text);
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
    static String abbreviate(String text, int max) {
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
