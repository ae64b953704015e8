package io.orderpipeline.asl.intrinsics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.orderpipeline.items.ExactJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/** Encoding, hashing and JSON manipulation intrinsics. */
final class DataFunctions {

    /** Step Functions limits the input of the encoding and hashing intrinsics to this many characters. */
    static final int MAX_INPUT_CHARS = 10_000;

    private static final Set<String> HASH_ALGORITHMS = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Exact JSON (numbers keep their text, trailing text is an error), as every payload of the executor. */
    private static final ObjectMapper JSON = ExactJson.mapper();

    private DataFunctions() {
    }

    static JsonNode base64Encode(Arguments args) {
        args.expectCount(1);
        var text = limited(args, 0);
        return NODES.textNode(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode base64Decode(Arguments args) {
        args.expectCount(1);
        var text = limited(args, 0);
        try {
            return NODES.textNode(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            throw args.failure("received a string that is not valid Base64.");
        }
    }

    static JsonNode hash(Arguments args) {
        args.expectCount(2);
        var data = limited(args, 0);
        var algorithm = args.string(1);
        if (!HASH_ALGORITHMS.contains(algorithm)) {
            throw args.failure("does not support the hash algorithm '" + algorithm
                    + "'; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512.");
        }
        try {
            var digest = MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8));
            return NODES.textNode(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException missingFromJdk) {
            throw new IllegalStateException("the JDK lacks " + algorithm, missingFromJdk);
        }
    }

    static JsonNode stringToJson(Arguments args) {
        args.expectCount(1);
        var text = args.string(0);
        if (text.isBlank()) {
            return NODES.nullNode();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException notJson) {
            throw args.failure("received a string that is not valid JSON.");
        }
    }

    static JsonNode jsonToString(Arguments args) {
        args.expectCount(1);
        try {
            return NODES.textNode(JSON.writeValueAsString(args.any(0)));
        } catch (JsonProcessingException unexpected) {
            throw new IllegalStateException("a JsonNode failed to serialise", unexpected);
        }
    }

    /** Shallow merge only: a key in the second object replaces the first object's value whole. */
    static JsonNode jsonMerge(Arguments args) {
        args.expectCount(3);
        var first = args.object(0);
        var second = args.object(1);
        if (args.bool(2)) {
            throw args.failure("supports only the shallow merge mode; argument 3 (isDeepMerge) must be false.");
        }
        var merged = first.deepCopy();
        second.properties().forEach(field -> merged.set(field.getKey(), field.getValue().deepCopy()));
        return merged;
    }

    private static String limited(Arguments args, int index) {
        var text = args.string(index);
        if (text.length() > MAX_INPUT_CHARS) {
            throw args.failure("accepts at most " + MAX_INPUT_CHARS + " characters but received "
                    + text.length() + ".");
        }
        return text;
    }
}
