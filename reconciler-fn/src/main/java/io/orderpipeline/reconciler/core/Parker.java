package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.wire.Parking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parks records of one file from the file (stage RECONCILIATION): puts their reasons together from the parking
 * contract ({@link Parking}) and posts their messages to the outbox.
 */
final class Parker {

    private final SourceFile file;
    private final String executionId;
    private final Instant now;
    private final Outbox outbox;

    Parker(SourceFile file, String executionId, Instant now, Outbox outbox) {
        this.file = file;
        this.executionId = executionId;
        this.now = now;
        this.outbox = outbox;
    }

    /**
     * A record no child accounted for: an invalid one with its violations and then, when known, why the pipeline did
     * not park it ({@link Parking.NotParked}: a failed send says so in the message, not only in the report); a valid
     * one as {@link Parking.NotStored}.
     *
     * @param why why it was not processed (the report's words), or null
     */
    void unprocessed(SourceRecord record, String recordId, ValidationResult result, String why) {
        List<Violation> reasons = switch (result) {
            case ValidationResult.Invalid invalid -> {
                if (why == null) {
                    yield invalid.violations();
                }
                var withWhy = new ArrayList<>(invalid.violations());
                withWhy.add(new Parking.NotParked(why).reason());
                yield withWhy;
            }
            case ValidationResult.Valid valid -> List.of(new Parking.NotStored(why).reason());
        };
        post(record, recordId, result.orderId(), reasons, why, null);
    }

    /**
     * A record altered on its way: the altered reason first, then an invalid record's violations.
     *
     * @param removedItem the item the reconciler took out of the table, or null
     */
    void altered(SourceRecord record, String recordId, ValidationResult result, Parking.Altered altered,
                 JsonNode removedItem) {
        var reasons = new ArrayList<Violation>();
        reasons.add(altered.reason());
        if (result instanceof ValidationResult.Invalid invalid) {
            reasons.addAll(invalid.violations());
        }
        post(record, recordId, result.orderId(), reasons, null, removedItem);
    }

    /** A valid order with one reason (a deferred order the reconciler could not store). */
    void valid(SourceRecord record, String recordId, ValidationResult.Valid valid, Parking reason, String why) {
        post(record, recordId, valid.orderId(), List.of(reason.reason()), why, null);
    }

    private void post(SourceRecord record, String recordId, String orderId, List<Violation> reasons, String why,
                      JsonNode alteredItem) {
        var letter = ParkedMessages.letter(Integer.toString(record.index()), file, executionId, record, recordId,
                orderId, reasons, now, alteredItem);
        outbox.post(record.index(), recordId, letter, why == null ? reasons.getFirst().message() : why);
    }
}
