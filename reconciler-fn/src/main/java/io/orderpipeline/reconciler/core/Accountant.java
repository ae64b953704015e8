package io.orderpipeline.reconciler.core;

import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.wire.ContentHash;
import io.orderpipeline.model.wire.FileRecords;
import io.orderpipeline.model.wire.Parking;

import java.io.IOException;

/**
 * Decides, for each record read from the file, what it is (data-contracts.md §5, step 3): stored exactly as written,
 * parked by the pipeline, a blank line, altered, deferred, or unconfirmed — comparing what the children reported
 * (the {@link Ledger}) with the record itself, validated again and identified as the validator identifies it. A valid
 * order whose write no child confirmed goes to {@link UnconfirmedOrders} (the table decides); any other record no
 * child accounted for is parked.
 */
final class Accountant {

    private final SourceFile file;
    private final Ledger ledger;
    private final String mapProblem;
    private final OrderValidator validator;
    private final Tally tally;
    private final Parker parker;
    private final DeferredOrders deferred;
    private final AlteredStoredOrders alteredStored;
    private final UnconfirmedOrders unconfirmed;

    /** @param mapProblem how the Map state failed, or null when it succeeded */
    Accountant(SourceFile file, Ledger ledger, String mapProblem, OrderValidator validator, Tally tally, Parker parker,
               DeferredOrders deferred, AlteredStoredOrders alteredStored, UnconfirmedOrders unconfirmed) {
        this.file = file;
        this.ledger = ledger;
        this.mapProblem = mapProblem;
        this.validator = validator;
        this.tally = tally;
        this.parker = parker;
        this.deferred = deferred;
        this.alteredStored = alteredStored;
        this.unconfirmed = unconfirmed;
    }

    /** @throws IOException when the table cannot be read for an unconfirmed order */
    void account(SourceRecord record) throws IOException {
        tally.record();
        int index = record.index();
        Ledger.Reported state = ledger.state(index);
        if (file.isBlankLine(record) && state != Ledger.Reported.STORED && state != Ledger.Reported.PARKED) {
            tally.blankLine();
            return;
        }
        ValidationResult result = validator.validate(record.value(), file.format());
        String fileHash = result instanceof ValidationResult.Valid v ? ContentHash.of(v.order()) : null;
        String recordId = fileHash != null ? FileRecords.orderRecordId(file.key(), fileHash)
                : FileRecords.recordId(file.key(), record.value());
        switch (state) {
            case STORED -> {
                if (fileHash != null && ledger.contentHashEquals(index, fileHash)
                        && !ledger.recordIdDiffers(index, recordId)) {
                    tally.storedByPipeline();
                } else {
                    alteredStored.add(record, recordId, result, fileHash);
                }
            }
            case PARKED -> {
                if (!ledger.recordIdDiffers(index, recordId)) {
                    tally.parkedByPipeline(ledger.reason(index) == null ? firstReason(result) : ledger.reason(index));
                } else {
                    tally.altered(new ReconciliationReport.Altered(index, result.orderId(), null, null,
                            "parked altered by the pipeline; the file's record is parked too"));
                    parker.altered(record, recordId, result, Parking.Altered.parkedOtherwise(recordId), null);
                }
            }
            case BLANK -> {
                // the validator saw a blank line where the file has data: what it saw was altered
                tally.altered(new ReconciliationReport.Altered(index, result.orderId(), null, null,
                        "seen as a blank line by the validator"));
                parker.altered(record, recordId, result, Parking.Altered.seenAsBlank(), null);
            }
            case DEFERRED -> deferred.settle(record, recordId, result, ledger.reason(index), ledger.note(index));
            default -> {
                // NONE, VALID, UNSENT, FAILED: no child confirmed where the record went
                String why = why(state, ledger.note(index));
                if (result instanceof ValidationResult.Valid valid) {
                    unconfirmed.add(record, recordId, valid, fileHash, why);
                } else {
                    parker.unprocessed(record, recordId, result, why);
                }
            }
        }
    }

    /** Why a record no child accounted for was not processed. */
    private String why(Ledger.Reported state, String note) {
        return switch (state) {
            case DEFERRED, UNSENT, FAILED -> note;
            case VALID -> "its child reported it valid but not what its write did";
            case INVALID -> "its child reported it invalid but not whether its DLQ message was sent";
            default -> mapProblem != null ? "no child reported it; " + mapProblem : "no child reported it";
        };
    }

    private static String firstReason(ValidationResult result) {
        return result instanceof ValidationResult.Invalid invalid ? invalid.primaryReason().name() : null;
    }
}
