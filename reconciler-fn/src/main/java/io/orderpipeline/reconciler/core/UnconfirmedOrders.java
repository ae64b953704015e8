package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.wire.AttributeValues;
import io.orderpipeline.model.wire.OrderItemMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Valid orders of the file whose write no child confirmed (data-contracts.md §5, step 4): their child failed or timed
 * out — possibly after storing part of its batch —, never ran, or its report stops short of the write. Each one is
 * looked up in the table (consistent reads, {@value #CHUNK} at a time): an item with the file record's content hash is
 * the order stored exactly as written, and counts as stored; otherwise a record no batch could carry
 * ({@link BatchPayload}) is stored by the reconciler ({@link DeferredOrders#store}), and the rest are parked naming
 * why. An order is never both stored and parked. Not thread-safe.
 */
final class UnconfirmedOrders {

    /** Keys per lookup: BatchGetItem's most (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html). */
    static final int CHUNK = 100;

    /** @param why why its child did not confirm it (the report's words) */
    private record Pending(SourceRecord record, String recordId, ValidationResult.Valid valid, String fileHash,
                           String why) {
    }

    private final OrderTable table;
    private final BatchPayload payload;
    private final DeferredOrders deferred;
    private final Parker parker;
    private final Tally tally;
    private final List<Pending> pending = new ArrayList<>(CHUNK);

    UnconfirmedOrders(OrderTable table, BatchPayload payload, DeferredOrders deferred, Parker parker, Tally tally) {
        this.table = table;
        this.payload = payload;
        this.deferred = deferred;
        this.parker = parker;
        this.tally = tally;
    }

    /**
     * @param fileHash the content hash of the file's record
     * @throws IOException when the table cannot be read: nothing of the pending orders is decided then
     */
    void add(SourceRecord record, String recordId, ValidationResult.Valid valid, String fileHash, String why)
            throws IOException {
        pending.add(new Pending(record, recordId, valid, fileHash, why));
        if (pending.size() >= CHUNK) {
            settle();
        }
    }

    /** Decides what waits. */
    void settle() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        Set<String> orderIds = new LinkedHashSet<>();
        pending.forEach(p -> orderIds.add(p.valid().orderId()));
        Map<String, JsonNode> stored = table.getAll(orderIds);
        for (Pending p : pending) {
            JsonNode item = stored.get(p.valid().orderId());
            String storedHash = item == null ? null : OrderItemMapper.contentHash(item);
            if (p.fileHash().equals(storedHash)) {
                tally.storedFoundInTable();
            } else if (payload.cannotTravel(p.record())) {
                deferred.store(p.record(), p.recordId(), p.valid(), p.why() + "; no batch can carry a record of "
                        + p.record().bytes() + " bytes (" + BatchPayload.MAX_PAYLOAD_BYTES + " per payload)");
            } else {
                parker.unprocessed(p.record(), p.recordId(), p.valid(), item == null ? p.why()
                        : p.why() + "; the table holds orderId " + p.valid().orderId() + " with other content"
                        + " (content hash " + storedHash + ", written by "
                        + AttributeValues.string(item, OrderItemMapper.EXECUTION_ID) + ")");
            }
        }
        pending.clear();
    }
}
