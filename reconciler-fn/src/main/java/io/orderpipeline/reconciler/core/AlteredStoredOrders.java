package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.wire.OrderItemMapper;
import io.orderpipeline.model.wire.Parking;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders a child stored with other content than their file's record (data-contracts.md §5, step 6). Collected while
 * the file is read; settled after it: each one's key comes from the map results (a second, rare pass over them), the
 * altered item is taken out of the table if it is still the one this execution wrote, and the file's record is parked
 * with the item that was removed.
 */
final class AlteredStoredOrders {

    private record Found(SourceRecord record, String recordId, ValidationResult result, String fileHash) {
    }

    private final OrderTable table;
    private final String executionId;
    private final Parker parker;
    private final Tally tally;
    private final List<Found> found = new ArrayList<>();

    AlteredStoredOrders(OrderTable table, String executionId, Parker parker, Tally tally) {
        this.table = table;
        this.executionId = executionId;
        this.parker = parker;
        this.tally = tally;
    }

    /** @param fileHash the content hash of the file's record, null when it is invalid */
    void add(SourceRecord record, String recordId, ValidationResult result, String fileHash) {
        found.add(new Found(record, recordId, result, fileHash));
    }

    void settle(MapResults results, List<MapResults.Location> manifests) throws IOException {
        if (found.isEmpty()) {
            return;
        }
        Set<Integer> indexes = new HashSet<>();
        found.forEach(f -> indexes.add(f.record().index()));
        Map<Integer, MapResults.Write> writes = results.writes(manifests, indexes);
        for (Found f : found) {
            int index = f.record().index();
            MapResults.Write write = writes.get(index);
            String orderId = write == null ? null : write.orderId();
            String storedHash = write == null ? null : write.contentHash();
            JsonNode removed = null;
            String fate;
            if (orderId == null || storedHash == null) {
                fate = "KEPT: the map results do not name the stored item";
            } else {
                JsonNode item = table.get(orderId);
                if (item == null) {
                    fate = "KEPT: no item " + orderId + " in the table any more";
                } else if (!storedHash.equals(OrderItemMapper.contentHash(item))) {
                    fate = "KEPT: the item now has other content (content hash " + OrderItemMapper.contentHash(item)
                            + ")";
                } else if (table.deleteIfUnchanged(orderId, storedHash, executionId)) {
                    fate = "DELETED";
                    removed = item;
                } else {
                    fate = "KEPT: another execution wrote it since";
                }
            }
            tally.altered(new ReconciliationReport.Altered(index, orderId, storedHash, f.fileHash(), fate));
            parker.altered(f.record(), f.recordId(), f.result(),
                    Parking.Altered.storedOtherwise(storedHash, f.fileHash(), fate), removed);
        }
        found.clear();
    }
}
