package io.orderpipeline.reconciler.core;

import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.wire.OrderItemMapper;
import io.orderpipeline.model.wire.Parking;
import io.orderpipeline.model.wire.Parking.Deferral;

import java.io.IOException;

/**
 * Records the validator left out of its output (data-contracts.md §2, §5 step 4): a valid order that would have
 * travelled alone but not in its batch ({@link Deferral#BATCH_OUTPUT_FULL}) is stored with the state machine's own
 * conditional put; one whose item cannot travel through Step Functions at all ({@link Deferral#RECORD_TOO_LARGE}) is
 * parked as {@link Parking.TooLargeToTravel}; an invalid record is parked with its reasons (a body over SQS's limit
 * goes by claim check).
 */
final class DeferredOrders {

    private final OrderTable table;
    private final IngestionContext context;
    private final Parker parker;
    private final Tally tally;

    /** @param context the source, this execution and now: what a stored order's item carries */
    DeferredOrders(OrderTable table, IngestionContext context, Parker parker, Tally tally) {
        this.table = table;
        this.context = context;
        this.parker = parker;
        this.tally = tally;
    }

    /**
     * @param reason the validator's deferral reason
     * @param note   what the map results say about it
     */
    void settle(SourceRecord record, String recordId, ValidationResult result, String reason, String note) {
        if (!(result instanceof ValidationResult.Valid valid)) {
            parker.unprocessed(record, recordId, result, note);
        } else if (Deferral.named(reason).orElse(null) == Deferral.BATCH_OUTPUT_FULL) {
            store(record, recordId, valid, note);
        } else {
            parker.valid(record, recordId, valid, new Parking.TooLargeToTravel(note), note);
        }
    }

    /** Stores a valid order as the child would have; a conflict or a failed put parks it, naming why. */
    private void store(SourceRecord record, String recordId, ValidationResult.Valid valid, String note) {
        OrderTable.PutOutcome outcome;
        try {
            outcome = table.put(OrderItemMapper.toItem(valid.order(), context));
        } catch (IOException e) {
            parker.valid(record, recordId, valid, new Parking.ReconcilerWriteFailed(e.getMessage()),
                    note + "; storing it failed");
            return;
        }
        switch (outcome) {
            case STORED -> tally.storedByReconciler();
            case CONFLICT -> parker.valid(record, recordId, valid, new Parking.Conflict(valid.orderId()),
                    note + "; storing it met a conflict");
        }
    }
}
