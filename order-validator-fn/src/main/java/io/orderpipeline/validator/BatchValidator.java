package io.orderpipeline.validator;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Validates every record of a batch and turns each result into its output entry. Records the reader already read as
 * valid orders (the streaming fast path) are accepted as they are; the others are validated here. Thread-safe.
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
        List<BatchOutcome.Valid> valid = new ArrayList<>(items.size());
        List<BatchOutcome.Invalid> invalid = new ArrayList<>();
        Map<ReasonCode, Integer> byReason = new EnumMap<>(ReasonCode.class);
        boolean debug = logDecisions && LOG.isDebugEnabled();
        for (int index = 0; index < items.size(); index++) {
            ValidationResult result;
            JsonNode tree = null;
            switch (items.get(index)) {
                case BatchRecord.Parsed parsed -> result = new ValidationResult.Valid(parsed.order()); // read valid
                case BatchRecord.Tree record -> {
                    tree = record.record();
                    result = validator.validate(tree, batch.input().format(), record.bytes());
                }
            }
            switch (result) {
                case ValidationResult.Valid ok -> {
                    valid.add(new BatchOutcome.Valid(ok.order()));
                    if (debug) {
                        LOG.debug("order accepted", entry("orderId", ok.orderId()), entry("recordIndex", index));
                    }
                }
                case ValidationResult.Invalid bad -> {
                    DlqMessage message = DlqMessages.invalidOrder(tree, bad, context);
                    invalid.add(new BatchOutcome.Invalid(bad.orderId(), DlqMessages.toJson(message),
                            DlqMessages.attributes(message)));
                    for (ReasonCode code : bad.reasonCodes()) {
                        byReason.merge(code, 1, Integer::sum);
                    }
                    if (logDecisions) {
                        LOG.info("order rejected", entry("orderId", bad.orderId()), entry("recordIndex", index),
                                entry("reasonCodes", bad.reasonCodes().stream().map(Enum::name).toList()),
                                entry("reasons", bad.violations().stream().map(BatchValidator::describe).toList()));
                    }
                }
            }
        }
        return new BatchOutcome(items.size(), context, valid, invalid, byReason);
    }

    private static String describe(Violation v) {
        return v.code() + " " + v.path() + ": " + v.message();
    }
}
