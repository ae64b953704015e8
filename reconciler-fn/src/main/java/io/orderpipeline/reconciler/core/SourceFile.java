package io.orderpipeline.reconciler.core;

import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.wire.FileRecords;

import java.util.Objects;

/** The uploaded object one execution processes: the version it was started for, and its format. */
public record SourceFile(String bucket, String key, String versionId, String etag, RecordFormat format) {

    public SourceFile {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(format, "format");
        versionId = versionId == null || versionId.isEmpty() ? null : versionId;
    }

    public SourceRef ref() {
        return new SourceRef(bucket, key, versionId);
    }

    /** A CSV record whose every cell is empty: a blank line, not an order (data-contracts.md §1). */
    public boolean isBlankLine(SourceRecord record) {
        return format == RecordFormat.CSV && FileRecords.isBlankCsvRecord(record.value());
    }
}
