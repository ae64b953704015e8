package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.wire.ItemSize;
import io.orderpipeline.model.wire.OrderItemMapper;
import io.orderpipeline.model.wire.Parking;
import io.orderpipeline.model.wire.Parking.Deferral;

import java.io.IOException;

/**
 * Valid orders the pipeline could not carry to the table (data-contracts.md §5 step 4), stored by the reconciler with
 * the state machine's own conditional put: what the validator left out of its output — because its batch's output was
 * full ({@link Deferral#BATCH_OUTPUT_FULL}) or because its item cannot travel through Step Functions at all
 * ({@link Deferral#RECORD_TOO_LARGE}) — and a record too large for any batch ({@link BatchPayload}). Only an item over
 * DynamoDB's own limit is parked, as {@link Parking.OverItemLimit}; an invalid record is parked with its reasons (a
 * body over SQS's limit goes by claim check).
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
        if (result instanceof ValidationResult.Valid valid && Deferral.named(reason).isPresent()) {
            store(record, recordId, valid, note);
        } else {
            parker.unprocessed(record, recordId, result, note);
        }
    }

    /**
     * Stores a valid order as the child would have; an item DynamoDB cannot hold, a conflict or a failed put parks it,
     * naming why.
     */
    void store(SourceRecord record, String recordId, ValidationResult.Valid valid, String note) {
        ObjectNode item = OrderItemMapper.toItem(valid.order(), context);
        long itemBytes = ItemSize.of(item);
        if (itemBytes > ItemSize.MAX_ITEM_BYTES) {
            parker.valid(record, recordId, valid, new Parking.OverItemLimit(itemBytes), note
                    + "; its item is over DynamoDB's limit");
            return;
        }
        OrderTable.PutOutcome outcome;
        try {
            outcome = table.put(item);
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
