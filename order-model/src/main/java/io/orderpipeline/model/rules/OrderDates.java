package io.orderpipeline.model.rules;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;

/**
 * Parses an order date: an ISO-8601 instant with {@code Z} or an offset ({@code 2026-11-20T10:15:00+01:00}) or an
 * ISO date ({@code 2026-11-20}). The common shapes are scanned by hand (no exception, no formatter on the hot path);
 * anything else goes through {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which also accepts the rare forms
 * (no seconds, offset seconds, lower-case {@code t}).
 */
final class OrderDates {

    private OrderDates() {
    }

    /** An {@link Instant} or a {@link LocalDate}, or null when the text is neither. */
    static Temporal parse(String s) {
        int n = s.length();
        if (n == 10) {
            return parseDate(s, 0);
        }
        if (n < 16 || s.charAt(10) != 'T') {
            return n > 10 && n <= 64 && (s.charAt(10) == 't') ? parseWithFormatter(s) : null;
        }
        Instant fast = parseCanonicalInstant(s);
        return fast != null ? fast : parseWithFormatter(s);
    }

    /**
     * The normalised text stored in the table: {@code Instant.toString()} (UTC) or {@code yyyy-MM-dd}. The input
     * itself when it already is that text (the common {@code …T09:15:00Z} and date forms), saving a format.
     */
    static String normalise(String text, Temporal parsed) {
        if (parsed instanceof LocalDate && text.length() == 10) {
            return text;
        }
        if (parsed instanceof Instant && text.length() == 20 && text.charAt(10) == 'T' && text.charAt(19) == 'Z') {
            return text;
        }
        return parsed.toString();
    }

    /** {@code yyyy-MM-dd} starting at {@code at}. */
    private static LocalDate parseDate(String s, int at) {
        if (s.charAt(at + 4) != '-' || s.charAt(at + 7) != '-') {
            return null;
        }
        int year = digits(s, at, at + 4);
        int month = digits(s, at + 5, at + 7);
        int day = digits(s, at + 8, at + 10);
        if (year < 0 || month < 1 || month > 12 || day < 1) {
            return null;
        }
        if (day > java.time.Month.of(month).length(java.time.Year.isLeap(year))) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss(.f{1,9})?(Z|±HH:mm)}; null for any other shape (the caller falls back). */
    private static Instant parseCanonicalInstant(String s) {
        int n = s.length();
        if (n < 20) {
            return null;
        }
        LocalDate date = parseDate(s, 0);
        if (date == null || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nanos = digits(s, start, i);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char c = s.charAt(i);
        if (c == 'Z' && i == n - 1) {
            offsetSeconds = 0;
        } else if ((c == '+' || c == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, i + 3);
            int om = digits(s, i + 4, i + 6);
            if (oh < 0 || oh > 18 || om < 0 || om > 59 || (oh == 18 && om > 0)) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochSecond = date.toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static Instant parseWithFormatter(String s) {
        int dot = s.indexOf('.');
        if (dot >= 0 && (dot + 1 == s.length() || s.charAt(dot + 1) < '0' || s.charAt(dot + 1) > '9')) {
            return null; // the JDK formatter accepts a bare decimal point ("09:15:00.Z"); ISO-8601 does not
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return null; // invalid input only: the common path never gets here
        }
    }

    /** Non-negative value of the decimal digits in [from, to), or -1 if any is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
