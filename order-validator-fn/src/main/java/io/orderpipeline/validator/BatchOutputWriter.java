package io.orderpipeline.validator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.BatchItemWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/** Writes the batch output (data-contracts.md §2) and enforces the payload bound. */
final class BatchOutputWriter {

    /**
     * Step Functions carries at most 256 KiB (262,144 bytes) per state; the output stays under 250,000 bytes so the
     * Task's ResultSelector wrapper still fits.
     */
    static final int MAX_OUTPUT_BYTES = 250_000;

    /** Attribute-value JSON is verbose: a batch's output is about 2.3 times its input. */
    private static final double OUTPUT_PER_INPUT_BYTE = 2.5;

    private final ObjectMapper mapper = Json.mapper();

    /**
     * The output bytes, into a buffer sized for a batch of {@code inputBytes}.
     *
     * @throws OrderBatchTooLargeException when they exceed {@link #MAX_OUTPUT_BYTES}
     */
    byte[] write(BatchOutcome outcome, int inputBytes) throws IOException {
        int expected = (int) Math.min(MAX_OUTPUT_BYTES + 1, inputBytes * OUTPUT_PER_INPUT_BYTE);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(8192, expected));
        BatchItemWriter items = new BatchItemWriter(outcome.context());
        try (JsonGenerator gen = mapper.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeArrayFieldStart("valid");
            for (BatchOutcome.Valid valid : outcome.valid()) {
                gen.writeStartObject();
                gen.writeStringField("orderId", valid.orderId());
                gen.writeFieldName("item");
                items.writeItem(gen, valid.order());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeArrayFieldStart("invalid");
            for (BatchOutcome.Invalid invalid : outcome.invalid()) {
                gen.writeStartObject();
                gen.writeStringField("orderId", invalid.orderId());
                gen.writeStringField("message", invalid.message());
                gen.writeFieldName("attributes");
                mapper.writeTree(gen, invalid.attributes());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeObjectFieldStart("counts");
            gen.writeNumberField("received", outcome.received());
            gen.writeNumberField("valid", outcome.valid().size());
            gen.writeNumberField("invalid", outcome.invalid().size());
            gen.writeObjectFieldStart("byReason");
            for (Map.Entry<ReasonCode, Integer> e : outcome.byReason().entrySet()) {
                gen.writeNumberField(e.getKey().name(), e.getValue());
            }
            gen.writeEndObject();
            gen.writeEndObject();
            gen.writeEndObject();
        }
        if (out.size() > MAX_OUTPUT_BYTES) {
            throw new OrderBatchTooLargeException(out.size(), MAX_OUTPUT_BYTES, outcome.received());
        }
        return out.toByteArray();
    }
}
