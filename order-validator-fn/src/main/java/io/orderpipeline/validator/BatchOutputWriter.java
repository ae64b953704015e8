package io.orderpipeline.validator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.BatchItemWriter;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.model.wire.Parking.Deferral;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the batch output (data-contracts.md §2) and keeps it within what Step Functions carries: it never fails for
 * size. Each valid entry's item holds the order's own attributes; the attributes every item of the batch shares
 * (source, execution, ingestion time) are written once, as {@code shared}, and the state machine merges them into each
 * put ({@code States.JsonMerge}), so nothing is copied per order that one copy can carry. For the same reason an invalid
 * entry carries its message attributes' values ({@code reason}, {@code recordId}), not the attributes: the state machine
 * builds them, with the source key from its {@code batch} variable. An entry that cannot travel is left out and reported {@code DEFERRED} for the reconciler:
 * {@link Deferral#RECORD_TOO_LARGE} when it could not travel even alone (or, for an invalid record, when its DLQ message
 * is over SQS's limit), {@link Deferral#BATCH_OUTPUT_FULL} when it would fit alone but not in what this batch's output
 * can still hold.
 * Entries are admitted in batch order.
 */
final class BatchOutputWriter {

    /**
     * The output's cap. The Lambda result carrying it (output plus the integration's wrapper: StatusCode,
     * ExecutedVersion, SdkHttpMetadata, about 1.5 KiB) must stay within Step Functions' 256 KiB (262,144-byte) payload
     * quota, and the child's {@code Assign} of {@code valid}, {@code invalid}, {@code report} and {@code batch}
     * (BatchInput, under 3 KiB with a 1,024-byte key) within the 256 KiB an {@code Assign} may hold; 8 KiB are left for
     * both (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html,
     * https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
     */
    static final int MAX_OUTPUT_BYTES = 262_144 - 8_192;

    /**
     * The most one report entry can take, reserved per record up front so the report always fits:
     * {@code {"index":<19 digits>,"recordId":"<32>","outcome":"DEFERRED","reason":"<24>"}} and a comma.
     */
    static final int REPORT_ENTRY_MAX_BYTES = 136;

    /**
     * {@code {"shared":,"valid":[],"invalid":[],"report":{"received":<10 digits>,"records":[]}}}, rounded up (the
     * shared attributes' own bytes are counted apart).
     */
    static final int ENVELOPE_BYTES = 96;

    /**
     * The most one valid or invalid entry may take: what it could use in a batch of one record, with the largest shared
     * attributes (a 1,024-byte key, every character escaped at worst once: 4 KiB).
     */
    static final int LONE_ENTRY_MAX_BYTES = MAX_OUTPUT_BYTES - ENVELOPE_BYTES - REPORT_ENTRY_MAX_BYTES - 4_096;

    private static final byte[] SHARED_OPEN = "{\"shared\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALID_OPEN = ",\"valid\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INVALID_OPEN = "],\"invalid\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPORT_OPEN = "],\"report\":".getBytes(StandardCharsets.US_ASCII);

    /** The bytes to return, and how many records were deferred. */
    record Output(byte[] bytes, int deferred) {
    }

    private final ObjectMapper mapper = Json.mapper();

    Output write(BatchOutcome outcome, int inputBytes) throws IOException {
        int expected = (int) Math.min(MAX_OUTPUT_BYTES, Math.max(8192L, inputBytes * 3L));
        var valid = new Buffer(expected);
        var invalid = new Buffer(4096);
        var entry = new Buffer(4096);
        var report = new Buffer(64 + outcome.received() * 96);
        BatchItemWriter items = new BatchItemWriter(outcome.context());
        var shared = new Buffer(1024);
        try (JsonGenerator gen = mapper.createGenerator(shared)) {
            items.writeSharedAttributes(gen);
        }
        long budget = (long) MAX_OUTPUT_BYTES - ENVELOPE_BYTES - shared.size()
                - (long) outcome.received() * REPORT_ENTRY_MAX_BYTES;
        int deferred = 0;
        try (JsonGenerator rep = mapper.createGenerator(report)) {
            rep.writeStartObject();
            rep.writeNumberField("received", outcome.received());
            rep.writeArrayFieldStart("records");
            for (BatchOutcome.Entry e : outcome.entries()) {
                rep.writeStartObject();
                rep.writeNumberField("index", e.index());
                String recordId = null;
                String outcomeName;
                String reason = null;
                switch (e) {
                    case BatchOutcome.Blank blank -> outcomeName = "BLANK";
                    case BatchOutcome.Valid v -> {
                        recordId = v.recordId();
                        entry.reset();
                        try (JsonGenerator gen = mapper.createGenerator(entry)) {
                            gen.writeStartObject();
                            gen.writeNumberField("index", v.index());
                            gen.writeStringField("recordId", v.recordId());
                            gen.writeFieldName("item");
                            items.writeOwnAttributes(gen, v.order(), v.contentHash());
                            gen.writeEndObject();
                        }
                        reason = admit(entry, valid, budget);
                        outcomeName = reason == null ? "VALID" : "DEFERRED";
                    }
                    case BatchOutcome.Invalid i -> {
                        recordId = i.recordId();
                        if (DlqMessages.sqsSize(i.message(), i.attributes()) > DlqMessages.SQS_MAX_MESSAGE_BYTES) {
                            reason = Deferral.RECORD_TOO_LARGE.name();
                        } else {
                            entry.reset();
                            try (JsonGenerator gen = mapper.createGenerator(entry)) {
                                gen.writeStartObject();
                                gen.writeNumberField("index", i.index());
                                gen.writeStringField("recordId", i.recordId());
                                gen.writeStringField("reason", i.reason().name());
                                gen.writeStringField("message", i.message());
                                gen.writeEndObject();
                            }
                            reason = admit(entry, invalid, budget);
                        }
                        outcomeName = reason == null ? "INVALID" : "DEFERRED";
                        if (reason == null) {
                            reason = i.reason().name();
                        }
                    }
                }
                if ("DEFERRED".equals(outcomeName)) {
                    deferred++;
                } else if (e instanceof BatchOutcome.Valid || e instanceof BatchOutcome.Invalid) {
                    budget -= entry.size() + 1L;
                }
                if (recordId != null) {
                    rep.writeStringField("recordId", recordId);
                }
                rep.writeStringField("outcome", outcomeName);
                if (reason != null) {
                    rep.writeStringField("reason", reason);
                }
                rep.writeEndObject();
            }
            rep.writeEndArray();
            rep.writeEndObject();
        }
        var out = new Buffer(SHARED_OPEN.length + shared.size() + VALID_OPEN.length + valid.size()
                + INVALID_OPEN.length + invalid.size() + REPORT_OPEN.length + report.size() + 1);
        out.write(SHARED_OPEN);
        shared.writeTo(out);
        out.write(VALID_OPEN);
        valid.writeTo(out);
        out.write(INVALID_OPEN);
        invalid.writeTo(out);
        out.write(REPORT_OPEN);
        report.writeTo(out);
        out.write('}');
        return new Output(out.toByteArray(), deferred);
    }

    /**
     * Appends the entry to its array when it fits; otherwise says why not.
     *
     * @return null when admitted, else the deferral reason
     */
    private static String admit(Buffer entry, Buffer array, long budget) throws IOException {
        int size = entry.size();
        if (size > LONE_ENTRY_MAX_BYTES) {
            return Deferral.RECORD_TOO_LARGE.name();
        }
        if (size + 1L > budget) {
            return Deferral.BATCH_OUTPUT_FULL.name();
        }
        if (array.size() > 0) {
            array.write(',');
        }
        entry.writeTo(array);
        return null;
    }

    /** A byte buffer that can be reset and copied out without a defensive copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        @Override
        public synchronized void writeTo(OutputStream out) throws IOException {
            out.write(buf, 0, count);
        }
    }
}
