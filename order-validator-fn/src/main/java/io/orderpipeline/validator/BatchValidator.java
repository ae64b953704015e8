package io.orderpipeline.validator;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.wire.ContentHash;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.model.wire.FileRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Validates every record of a batch and turns each result into its entry: a valid order (with its content hash and
 * {@code recordId}), an invalid record (its DLQ body and attributes, naming its {@code recordId} and index) or, in a
 * CSV file, a blank line. Records the reader already read as valid orders (the streaming fast path) are accepted as
 * they are; the others are validated here. Thread-safe.
 */
final class BatchValidator {

    private static final Logger LOG = LoggerFactory.getLogger(BatchValidator.class);

    private final OrderValidator validator;

    BatchValidator(OrderValidator validator) {
        this.validator = validator;
    }

    /** {@code logDecisions} false: no per-order log lines (SnapStart priming, whose orders are not business data). */
    BatchOutcome validate(BatchReader.Batch batch, IngestionContext context, boolean logDecisions) {
        List<BatchRecord> items = batch.items();
        RecordFormat format = batch.input().format();
        String key = context.source().key();
        List<BatchOutcome.Entry> entries = new ArrayList<>(items.size());
        int valid = 0;
        int invalid = 0;
        int blank = 0;
        Map<ReasonCode, Integer> byReason = new EnumMap<>(ReasonCode.class);
        boolean debug = logDecisions && LOG.isDebugEnabled();
        for (BatchRecord item : items) {
            long index = item.index();
            ValidationResult result;
            JsonNode tree = null;
            switch (item) {
                case BatchRecord.Parsed parsed -> result = new ValidationResult.Valid(parsed.order()); // read valid
                case BatchRecord.Tree record -> {
                    tree = record.record();
                    if (format == RecordFormat.CSV && FileRecords.isBlankCsvRecord(tree)) {
                        entries.add(new BatchOutcome.Blank(index));
                        blank++;
                        continue;
                    }
                    result = validator.validate(tree, format);
                }
            }
            switch (result) {
                case ValidationResult.Valid ok -> {
                    String contentHash = ContentHash.of(ok.order());
                    entries.add(new BatchOutcome.Valid(index, FileRecords.orderRecordId(key, contentHash), ok.order(),
                            contentHash));
                    valid++;
                    if (debug) {
                        LOG.debug("order accepted", entry("orderId", ok.orderId()), entry("recordIndex", index));
                    }
                }
                case ValidationResult.Invalid bad -> {
                    DlqMessage message = DlqMessages.invalidOrder(tree, bad, context, index);
                    entries.add(new BatchOutcome.Invalid(index, message.recordId(), bad.orderId(), bad.primaryReason(),
                            DlqMessages.toJson(message), DlqMessages.attributes(message)));
                    invalid++;
                    for (ReasonCode code : bad.reasonCodes()) {
                        byReason.merge(code, 1, Integer::sum);
                    }
                    if (logDecisions) {
                        LOG.info("order rejected", entry("orderId", bad.orderId()), entry("recordIndex", index),
                                entry("recordId", message.recordId()),
                                entry("reasonCodes", bad.reasonCodes().stream().map(Enum::name).toList()),
                                entry("reasons", bad.violations().stream().map(BatchValidator::describe).toList()));
                    }
                }
            }
        }
        return new BatchOutcome(items.size(), context, entries, valid, invalid, blank, byReason);
    }

    private static String describe(Violation v) {
        return v.code() + " " + v.path() + ": " + v.message();
    }
}
