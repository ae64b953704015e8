package io.orderpipeline.reconciler.core;

import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.wire.Parking.OrderFileError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Reconciles one file after its Distributed Map (data-contracts.md §5): reads the Map's results into a {@link Ledger},
 * re-reads the file as the ItemReader splits it and has the {@link Accountant} decide for every record whether it is
 * stored exactly as written, parked, a blank line, altered or unaccounted; the {@link Parker} parks what must be
 * parked through the {@link Outbox}, {@link UnconfirmedOrders} looks up in the table the valid orders whose write no
 * child confirmed, {@link DeferredOrders} stores what the pipeline could not carry,
 * {@link AlteredStoredOrders} takes altered orders out of the table, and the {@link Tally} becomes the report.
 * Stateless between calls; one call per file.
 */
public final class Reconciler {

    /** Entries per list in the report (the counts are exact). */
    public static final int LIST_LIMIT = 1_000;

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
    private final Predicate<IOException> retried;

    public Reconciler(ObjectStore store, SourceRecords source, OrderValidator validator, DeadLetters deadLetters,
                      OrderTable table, Settings settings, Clock clock) {
        this(store, source, validator, deadLetters, table, settings, clock, failure -> false);
    }

    /**
     * @param retried failures the caller has retried (the state machine retries a throttled or unanswered call by
     *                name): they are thrown, not reported as {@link ReconciliationReport.Outcome#NOT_RECONCILED}
     */
    public Reconciler(ObjectStore store, SourceRecords source, OrderValidator validator, DeadLetters deadLetters,
                      OrderTable table, Settings settings, Clock clock, Predicate<IOException> retried) {
        this.retried = retried;
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
        var tally = new Tally();
        var ledger = new Ledger();
        var results = new MapResults(store);
        List<MapResults.Location> manifests = List.of();
        MapResults.Summary summary;
        ReconciliationReport.FileError fileError = null;
        boolean resultsRead = false;
        try {
            manifests = switch (map) {
                case MapOutcome.Succeeded s -> List.of(new MapResults.Location(s.manifestBucket(), s.manifestKey()));
                case MapOutcome.Failed f -> results.findManifests(settings.resultsBucket(),
                        settings.executionPrefix(executionId));
            };
            summary = results.read(manifests, ledger);
            resultsRead = true;
        } catch (IOException e) {
            if (retried.test(e)) {
                throw e;
            }
            summary = new MapResults.Summary(manifests.stream().map(MapResults.Location::key).toList(), List.of(), 0, 0,
                    0);
            fileError = new ReconciliationReport.FileError(OrderFileError.NOT_RECONCILED.errorName(),
                    "The reconciler could not read the Map's results to check the file against them: "
                            + e.getMessage());
        }

        if (fileError == null && map instanceof MapOutcome.Failed f && ITEM_READER_FAILED.equals(f.error())) {
            // The ItemReader could not split the file, so no child ran. If the reconciler cannot either, the file is
            // parked as a whole (one FILE_ERROR message) instead of record by record: probe it first.
            fileError = probe(file, tally);
        }
        if (fileError == null) {
            fileError = account(file, executionId, now, map, ledger, results, manifests, tally);
        }
        Ledger.Counts reported = ledger.counts();
        boolean notReconciled = fileError != null
                && OrderFileError.NOT_RECONCILED.errorName().equals(fileError.error());
        if (notReconciled && resultsRead) {
            fileError = new ReconciliationReport.FileError(fileError.error(), fileError.cause() + "; "
                    + mapsOwnAccount(reported));
        }

        ReconciliationReport.Outcome outcome = notReconciled ? ReconciliationReport.Outcome.NOT_RECONCILED
                : fileError != null ? ReconciliationReport.Outcome.FILE_FAILED
                : tally.anyUnaccounted() ? ReconciliationReport.Outcome.UNACCOUNTED
                : ReconciliationReport.Outcome.CONSERVED;
        var mapSection = new ReconciliationReport.MapSection(map instanceof MapOutcome.Failed ? "FAILED" : "SUCCEEDED",
                map instanceof MapOutcome.Failed f ? new ReconciliationReport.FileError(f.error(), f.cause()) : null,
                summary.mapRunArns(), summary.manifests(), summary.childrenSucceeded(), summary.childrenFailed(),
                summary.unreadableChildren(), reported);
        return new ReconciliationReport(file, executionId, outcome, mapSection, tally.counts(), tally.parkedByReason(),
                tally.parked(), tally.alteredEntries(), tally.unaccountedEntries(), tally.truncated(), fileError, now,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), Map.of());
    }

    /** The error name of a Distributed Map whose ItemReader could not read the object. */
    static final String ITEM_READER_FAILED = "States.ItemReaderFailed";

    /**
     * Reads the file record by record, deciding each one's class, parks what it must and settles the altered stored
     * orders.
     *
     * @return the read error when the file turns out unreadable part-way, else null
     */
    private ReconciliationReport.FileError account(SourceFile file, String executionId, Instant now, MapOutcome map,
                                                   Ledger ledger, MapResults results,
                                                   List<MapResults.Location> manifests, Tally tally)
            throws IOException {
        var outbox = new Outbox(deadLetters, tally);
        var parker = new Parker(file, executionId, now, outbox);
        var deferred = new DeferredOrders(table, new IngestionContext(file.ref(), executionId, now), parker, tally);
        var alteredStored = new AlteredStoredOrders(table, executionId, parker, tally);
        var unconfirmed = new UnconfirmedOrders(table, new BatchPayload(file, executionId), deferred, parker, tally);
        var accountant = new Accountant(file, ledger, map instanceof MapOutcome.Failed f
                ? "the Map state failed: " + f.error() + ": " + f.cause() : null, validator, tally, parker, deferred,
                alteredStored, unconfirmed);
        ReconciliationReport.FileError fileError = null;
        try (SourceRecords.Cursor cursor = source.open(file)) {
            for (SourceRecord record = cursor.next(); record != null; record = cursor.next()) {
                accountant.account(record);
            }
        } catch (SourceRecords.Unreadable e) {
            fileError = new ReconciliationReport.FileError(OrderFileError.UNREADABLE.errorName(), e.getMessage());
        } catch (IOException e) {
            if (retried.test(e)) {
                // reconciling again is safe (idempotent writes, repeats share a recordId): send what was decided
                outbox.flush();
                throw e;
            }
            // S3 would not give the file (gone, denied): what was decided so far still goes out
            fileError = notRead(e, tally.counts().records());
        }
        unconfirmed.settle();
        outbox.flush();
        alteredStored.settle(results, manifests);
        outbox.flush();
        return fileError;
    }

    /** Reads the whole file without judging it; counts its records; the read error, if any. */
    private ReconciliationReport.FileError probe(SourceFile file, Tally tally) throws IOException {
        long records = 0;
        long blank = 0;
        try (SourceRecords.Cursor cursor = source.open(file)) {
            for (SourceRecord record = cursor.next(); record != null; record = cursor.next()) {
                records++;
                if (file.isBlankLine(record)) {
                    blank++;
                }
            }
            return null;
        } catch (SourceRecords.Unreadable e) {
            tally.unreadableAfter(records, blank);
            return new ReconciliationReport.FileError(OrderFileError.UNREADABLE.errorName(), e.getMessage());
        } catch (IOException e) {
            if (retried.test(e)) {
                throw e;
            }
            return notRead(e, 0);
        }
    }

    /** The reconciler could not read the file (S3 failed, not its content): one sentence, no stack trace. */
    private static ReconciliationReport.FileError notRead(IOException e, long recordsBefore) {
        return new ReconciliationReport.FileError(OrderFileError.NOT_RECONCILED.errorName(),
                "The reconciler could not read the file to check it" + (recordsBefore > 0 ? " after " + recordsBefore
                        + " records" : "") + ": " + e.getMessage());
    }

    /** What the Map's children reported, in words: all that is known of a file the reconciler could not read. */
    static String mapsOwnAccount(Ledger.Counts reported) {
        return "the Map's children reported " + reported.records() + " records: " + reported.stored() + " stored, "
                + reported.parked() + " parked" + (reported.failed() > 0 ? ", " + reported.failed()
                + " in failed batches" : "") + (reported.unsent() > 0 ? ", " + reported.unsent() + " not sent" : "")
                + (reported.deferred() > 0 ? ", " + reported.deferred() + " deferred" : "")
                + " (their own account, not checked against the file)";
    }

    /** Writes the report as JSON to its key; returns the key. */
    public String writeReport(ReconciliationReport report) throws IOException {
        String key = settings.reportKey(report.executionId());
        byte[] json = Json.write(report.toJson()).getBytes(StandardCharsets.UTF_8);
        store.put(settings.resultsBucket(), key, json, "application/json");
        return key;
    }
}
