package io.orderpipeline.asl.choice;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Timestamps as Choice rules accept them: the RFC 3339 profile of ISO 8601 with an uppercase {@code T} between date
 * and time and either an uppercase {@code Z} or a numeric offset, e.g. {@code 2016-08-18T17:33:00Z} or
 * {@code 2016-08-18T17:33:00.123+02:00}. A date alone, a local time without a zone, or lowercase letters are not
 * timestamps.
 */
final class Timestamps {

    private static final Pattern RFC_3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private Timestamps() {
    }

    static Optional<Instant> parse(String text) {
        if (!RFC_3339.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException impossibleDate) {
            return Optional.empty();
        }
    }
}
