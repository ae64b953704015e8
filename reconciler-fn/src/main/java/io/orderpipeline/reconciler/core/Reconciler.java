package io.orderpipeline.reconciler.core;

import io.orderpipeline.model.wire.FileRecords;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.wire.ContentHash;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.OrderItemMapper;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.model.wire.Parking;
import io.orderpipeline.model.wire.Parking.Deferral;
import io.orderpipeline.model.wire.Parking.OrderFileError;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reconciles one file after its Distributed Map (data-contracts.md §5): reads the Map's results into a {@link Ledger},
 * re-reads the file as the ItemReader splits it, decides for every record whether it is stored exactly as written,
 * parked, a blank line, altered or unaccounted, parks what it must, takes altered orders out of the table, and writes
 * the report. Stateless between calls; one call per file.
 */
public final class Reconciler {

    /** Entries per list in the report (the counts are exact). */
    public static final int LIST_LIMIT = 1_000;
    /** Letters sent together (bounds the memory held by bodies waiting to be sent). */
    static final int SEND_CHUNK = 100;
    static final long SEND_CHUNK_BYTES = 8L * 1024 * 1024;

    /**
     * @param resultsBucket where the Map's results are (the ResultWriter's Bucket)
     * @param resultsPrefix the ResultWriter's prefix before the execution name ({@code map-results/})
     */
    public record Settings(String resultsBucket, String resultsPrefix) {
        public Settings {
            Objects.requireNonNull(resultsBucket, "resultsBucket");
            resultsPrefix = resultsPrefix == null ? "" : resultsPrefix.endsWith("/") || resultsPrefix.isEmpty()
                    ? resultsPrefix : resultsPrefix + "/";
        }

        /** {@code <prefix><execution name>/}: where the Map wrote this execution's results. */
        public String executionPrefix(String executionId) {
            return resultsPrefix + executionName(executionId) + "/";
        }

        public String reportKey(String executionId) {
            return executionPrefix(executionId) + "reconciliation.json";
        }
    }

    /** How the Map state ended: its ResultWriter's manifest, or its error. */
    public sealed interface MapOutcome {
        record Succeeded(String manifestBucket, String manifestKey) implements MapOutcome {
        }

        record Failed(String error, String cause) implements MapOutcome {
        }
    }

    private final ObjectStore store;
    private final SourceRecords source;
    private final OrderValidator validator;
    private final DeadLetters deadLetters;
    private final OrderTable table;
    private final Settings settings;
    private final Clock clock;

    public Reconciler(ObjectStore store, SourceRecords source, OrderValidator validator, DeadLetters deadLetters,
                      OrderTable table, Settings settings, Clock clock) {
        this.store = store;
        this.source = source;
        this.validator = validator;
        this.deadLetters = deadLetters;
        this.table = table;
        this.settings = settings;
        this.clock = clock;
    }

    public Settings settings() {
        return settings;
    }

    /** The last segment of an execution ARN (its name). */
    public static String executionName(String executionId) {
        return executionId.substring(executionId.lastIndexOf(':') + 1);
    }

    /** Reconciles the file, writes the report; the report's {@code requests} are left empty for the caller. */
    public ReconciliationReport reconcile(SourceFile file, String executionId, MapOutcome map) throws IOException {
        long started = System.nanoTime();
        Instant now = clock.instant();
        var run = new Run(file, executionId, now);

        var ledger = new Ledger();
        var results = new MapResults(store);
        List<MapResults.Location> manifests = switch (map) {
            case MapOutcome.Succeeded s -> List.of(new MapResults.Location(s.manifestBucket(), s.manifestKey()));
            case MapOutcome.Failed f -> results.findManifests(settings.resultsBucket(),
                    settings.executionPrefix(executionId));
        };
        MapResults.Summary summary = results.read(manifests, ledger);
        String mapProblem = map instanceof MapOutcome.Failed f ? "the Map state failed: " + f.error() + ": " + f.cause()
                : null;

        ReconciliationReport.FileError fileError = null;
        if (map instanceof MapOutcome.Failed f && ITEM_READER_FAILED.equals(f.error())) {
            // The ItemReader could not split the file, so no child ran. If the reconciler cannot either, the file is
            // parked as a whole (one FILE_ERROR message) instead of record by record: probe it first.
            fileError = probe(file, run);
        }
        if (fileError == null) {
            try (SourceRecords.Cursor cursor = source.open(file)) {
                for (SourceRecord record = cursor.next(); record != null; record = cursor.next()) {
                    run.account(record, ledger, mapProblem);
                }
            } catch (SourceRecords.Unreadable e) {
                fileError = new ReconciliationReport.FileError(OrderFileError.UNREADABLE.errorName(), e.getMessage());
            }
            run.flush();
            run.handleAlteredStored(results, manifests);
            run.flush();
        }

        ReconciliationReport.Outcome outcome = fileError != null ? ReconciliationReport.Outcome.FILE_FAILED
                : run.unaccounted > 0 ? ReconciliationReport.Outcome.UNACCOUNTED : ReconciliationReport.Outcome.CONSERVED;
        var mapSection = new ReconciliationReport.MapSection(map instanceof MapOutcome.Failed ? "FAILED" : "SUCCEEDED",
                map instanceof MapOutcome.Failed f ? new ReconciliationReport.FileError(f.error(), f.cause()) : null,
                summary.mapRunArns(), summary.manifests(), summary.childrenSucceeded(), summary.childrenFailed(),
                summary.unreadableChildren());
        var counts = new ReconciliationReport.Counts(run.records, run.blank, run.records - run.blank, run.stored,
                run.storedByReconciler, run.parkedByPipeline, run.parkedByReconciler, run.altered, run.unaccounted, run.coveredByFileError);
        var report = new ReconciliationReport(file, executionId, outcome, mapSection, counts,
                new TreeMap<>(run.byReason), List.copyOf(run.parkedList), List.copyOf(run.alteredList),
                List.copyOf(run.unaccountedList), run.truncated, fileError, now,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), Map.of());
        return report;
    }

    /** The error name of a Distributed Map whose ItemReader could not read the object. */
    static final String ITEM_READER_FAILED = "States.ItemReaderFailed";

    /** Reads the whole file without judging it; counts its records; the read error, if any. */
    private ReconciliationReport.FileError probe(SourceFile file, Run run) throws IOException {
        long records = 0;
        long blank = 0;
        try (SourceRecords.Cursor cursor = source.open(file)) {
            for (SourceRecord record = cursor.next(); record != null; record = cursor.next()) {
                records++;
                if (file.format() == io.orderpipeline.model.RecordFormat.CSV
                        && FileRecords.isBlankCsvRecord(record.value())) {
                    blank++;
                }
            }
            return null;
        } catch (SourceRecords.Unreadable e) {
            run.records = records;
            run.blank = blank;
            run.coveredByFileError = records - blank;
            return new ReconciliationReport.FileError(OrderFileError.UNREADABLE.errorName(), e.getMessage());
        }
    }

    /** Writes the report as JSON to its key; returns the key. */
    public String writeReport(ReconciliationReport report) throws IOException {
        String key = settings.reportKey(report.executionId());
        byte[] json = Json.write(report.toJson()).getBytes(StandardCharsets.UTF_8);
        store.put(settings.resultsBucket(), key, json, "application/json");
        return key;
    }

    /** The accounting of one file, record by record. */
    private final class Run {
        private final SourceFile file;
        private final String executionId;
        private final Instant now;
        private final List<Pending> pending = new ArrayList<>();
        private long pendingBytes;
        private final List<AlteredStored> alteredStored = new ArrayList<>();

        long records;
        long blank;
        long stored;
        long storedByReconciler;
        long parkedByPipeline;
        long parkedByReconciler;
        long altered;
        long unaccounted;
        long coveredByFileError;
        boolean truncated;
        final Map<String, Long> byReason = new HashMap<>();
        final List<ReconciliationReport.Parked> parkedList = new ArrayList<>();
        final List<ReconciliationReport.Altered> alteredList = new ArrayList<>();
        final List<ReconciliationReport.Unaccounted> unaccountedList = new ArrayList<>();
        /** Unaccounted records read before the file turned out unreadable: the FILE_ERROR message covers them. */
        private final List<Integer> beforeFileError = new ArrayList<>();

        Run(SourceFile file, String executionId, Instant now) {
            this.file = file;
            this.executionId = executionId;
            this.now = now;
        }

        void account(SourceRecord record, Ledger ledger, String mapProblem) throws IOException {
            records++;
            int index = record.index();
            Ledger.Reported state = ledger.state(index);
            boolean blankLine = file.format() == io.orderpipeline.model.RecordFormat.CSV
                    && FileRecords.isBlankCsvRecord(record.value());
            if (blankLine && state != Ledger.Reported.STORED && state != Ledger.Reported.PARKED) {
                blank++;
                return;
            }
            ValidationResult result = validator.validate(record.value(), file.format(), record.bytes());
            String fileHash = result instanceof ValidationResult.Valid v ? ContentHash.of(v.order()) : null;
            String recordId = fileHash != null ? FileRecords.orderRecordId(file.key(), fileHash)
                    : FileRecords.recordId(file.key(), record.value());
            switch (state) {
                case STORED -> {
                    if (fileHash != null && ledger.contentHashEquals(index, fileHash)
                            && !ledger.recordIdDiffers(index, recordId)) {
                        stored++;
                    } else {
                        altered++;
                        alteredStored.add(new AlteredStored(record, recordId, result, fileHash));
                    }
                }
                case PARKED -> {
                    if (!ledger.recordIdDiffers(index, recordId)) {
                        parkedByPipeline++;
                        count(ledger.reason(index) == null ? firstReason(result) : ledger.reason(index));
                    } else {
                        altered++;
                        alteredList(index, result.orderId(), null, null, "parked altered by the pipeline; the file's"
                                + " record is parked too");
                        park(record, recordId, result, Parking.Altered.parkedOtherwise(recordId).reason(), null);
                    }
                }
                case BLANK -> {
                    // the validator saw a blank line where the file has data: what it saw was altered
                    altered++;
                    alteredList(index, result.orderId(), null, null, "seen as a blank line by the validator");
                    park(record, recordId, result, Parking.Altered.seenAsBlank().reason(), null);
                }
                case DEFERRED -> deferred(record, recordId, result, ledger.reason(index), ledger.note(index));
                default -> park(record, recordId, result, null, why(state, ledger.note(index), mapProblem));
            }
        }

        /**
         * A record the validator left out of its output (data-contracts.md §2): a valid order that would have travelled
         * alone but not in its batch ({@code BATCH_OUTPUT_FULL}) is stored with the state machine's own conditional put;
         * one whose item cannot travel through Step Functions at all ({@code RECORD_TOO_LARGE}) is parked with that
         * reason; an invalid record is parked with its reasons (its body over SQS's limit goes by claim check).
         */
        private void deferred(SourceRecord record, String recordId, ValidationResult result, String reason,
                              String note) throws IOException {
            if (!(result instanceof ValidationResult.Valid valid)) {
                park(record, recordId, result, null, note);
            } else if (Deferral.named(reason).orElse(null) == Deferral.BATCH_OUTPUT_FULL) {
                store(record, recordId, valid, note);
            } else {
                parkValid(record, recordId, valid, new Parking.TooLargeToTravel(note).reason(), note);
            }
        }

        /** Stores a valid order as the child would have; a conflict or a failed put parks it, naming why. */
        private void store(SourceRecord record, String recordId, ValidationResult.Valid valid, String note)
                throws IOException {
            var item = OrderItemMapper.toItem(valid.order(), new IngestionContext(file.ref(), executionId, now));
            OrderTable.PutOutcome outcome;
            try {
                outcome = table.put(item);
            } catch (IOException e) {
                parkValid(record, recordId, valid, new Parking.ReconcilerWriteFailed(e.getMessage()).reason(),
                        note + "; storing it failed");
                return;
            }
            if (outcome == OrderTable.PutOutcome.STORED) {
                stored++;
                storedByReconciler++;
            } else {
                parkValid(record, recordId, valid, new Parking.Conflict(valid.orderId()).reason(),
                        note + "; storing it met a conflict");
            }
        }

        /** Parks a valid order with one reason. */
        private void parkValid(SourceRecord record, String recordId, ValidationResult.Valid valid, Violation reason,
                               String why) throws IOException {
            queue(record, recordId, valid.orderId(), List.of(reason), why, null);
        }

        /** Why a record no child accounted for was not processed. */
        private String why(Ledger.Reported state, String note, String mapProblem) {
            return switch (state) {
                case DEFERRED, UNSENT, FAILED -> note;
                case VALID -> "its child reported it valid but not what its write did";
                case INVALID -> "its child reported it invalid but not whether its DLQ message was sent";
                default -> mapProblem != null ? "no child reported it; " + mapProblem : "no child reported it";
            };
        }

        /**
         * Parks a record from the file.
         *
         * @param altered the ALTERED reason to put first, or null
         * @param why     why it was not processed (for a valid record), or null
         */
        private void park(SourceRecord record, String recordId, ValidationResult result, Violation altered,
                          String why) throws IOException {
            park(record, recordId, result, altered, why, null);
        }

        private void park(SourceRecord record, String recordId, ValidationResult result, Violation altered,
                          String why, JsonNode alteredItem) throws IOException {
            var reasons = new ArrayList<Violation>();
            if (altered != null) {
                reasons.add(altered);
            }
            switch (result) {
                case ValidationResult.Invalid invalid -> reasons.addAll(invalid.violations());
                case ValidationResult.Valid valid -> {
                    if (altered == null) {
                        reasons.add(new Parking.NotStored(why).reason());
                    }
                }
            }
            queue(record, recordId, result.orderId(), reasons, why, alteredItem);
        }

        private void queue(SourceRecord record, String recordId, String orderId, List<Violation> reasons, String why,
                           JsonNode alteredItem) throws IOException {
            var letter = ParkedMessages.letter(Integer.toString(record.index()), file, executionId, record, recordId,
                    orderId, reasons, now, alteredItem);
            pending.add(new Pending(record.index(), recordId, letter, why == null ? reasons.getFirst().message() : why));
            pendingBytes += letter.body().length();
            if (pending.size() >= SEND_CHUNK || pendingBytes >= SEND_CHUNK_BYTES) {
                flush();
            }
        }

        /** Sends what waits; what could not be sent is unaccounted. */
        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            var byId = new LinkedHashMap<String, Pending>();
            pending.forEach(p -> byId.put(p.letter().id(), p));
            List<DeadLetters.Outcome> outcomes = deadLetters.send(pending.stream().map(Pending::letter).toList());
            for (DeadLetters.Outcome outcome : outcomes) {
                Pending p = byId.remove(outcome.id());
                if (p == null) {
                    continue;
                }
                String reason = p.letter().attributes().get(DlqMessages.ATTRIBUTE_REASON_CODE);
                if (outcome.sent()) {
                    parkedByReconciler++;
                    count(reason);
                    if (parkedList.size() < LIST_LIMIT) {
                        parkedList.add(new ReconciliationReport.Parked(p.index(), p.recordId(), reason, p.why(),
                                outcome.claimCheck()));
                    } else {
                        truncated = true;
                    }
                } else {
                    unaccounted(p.index(), p.why() + "; parking it failed: " + outcome.error());
                }
            }
            // a letter without an outcome was not sent
            byId.values().forEach(p -> unaccounted(p.index(), p.why() + "; parking it failed: no outcome"));
            pending.clear();
            pendingBytes = 0;
        }

        /**
         * Altered stored orders: learns each one's key from the map results, takes the altered item out of the table
         * (if it is still the one this execution wrote) and parks the file's record with the item it removed.
         */
        void handleAlteredStored(MapResults results, List<MapResults.Location> manifests) throws IOException {
            if (alteredStored.isEmpty()) {
                return;
            }
            var indexes = new java.util.HashSet<Integer>();
            alteredStored.forEach(a -> indexes.add(a.record().index()));
            Map<Integer, MapResults.Write> writes = results.writes(manifests, indexes);
            for (AlteredStored a : alteredStored) {
                int index = a.record().index();
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
                        fate = "KEPT: the item now has other content (content hash " + OrderItemMapper.contentHash(item) + ")";
                    } else if (table.deleteIfUnchanged(orderId, storedHash, executionId)) {
                        fate = "DELETED";
                        removed = item;
                    } else {
                        fate = "KEPT: another execution wrote it since";
                    }
                }
                alteredList(index, orderId, storedHash, a.fileHash(), fate);
                park(a.record(), a.recordId(), a.result(),
                        Parking.Altered.storedOtherwise(storedHash, a.fileHash(), fate).reason(), null, removed);
            }
            alteredStored.clear();
        }

        private void count(String reason) {
            byReason.merge(reason == null ? "UNKNOWN" : reason, 1L, Long::sum);
        }

        private void unaccounted(int index, String why) {
            unaccounted++;
            if (unaccountedList.size() < LIST_LIMIT) {
                unaccountedList.add(new ReconciliationReport.Unaccounted(index, why));
            } else {
                truncated = true;
            }
        }

        private void alteredList(int index, String orderId, String storedHash, String fileHash, String fate) {
            if (alteredList.size() < LIST_LIMIT) {
                alteredList.add(new ReconciliationReport.Altered(index, orderId, storedHash, fileHash, fate));
            } else {
                truncated = true;
            }
        }

        private String firstReason(ValidationResult result) {
            return result instanceof ValidationResult.Invalid invalid ? invalid.primaryReason().name() : null;
        }
    }

    private record Pending(int index, String recordId, DeadLetters.Letter letter, String why) {
    }

    private record AlteredStored(SourceRecord record, String recordId, ValidationResult result, String fileHash) {
    }
}
