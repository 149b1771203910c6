package io.osimg.store.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** HTTP dates (IMF-fixdate) and the S3 listing timestamp. */
final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter S3 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    private record Formatted(long seconds, String text) {
    }

    /** The last date formatted on this thread: small objects are fetched again and again (one hot .md5). */
    private static final ThreadLocal<Formatted> LAST = new ThreadLocal<>();

    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        Formatted last = LAST.get();
        if (last != null && last.seconds() == seconds) {
            return last.text();
        }
        String text = IMF_FIXDATE.format(instant);
        LAST.set(new Formatted(seconds, text));
        return text;
    }

    static String formatS3(Instant instant) {
        return S3.format(instant);
    }

    /**
     * Appends what {@link #formatS3} returns ({@code 2026-11-20T10:15:30.123Z}) without a formatter: a listing
     * page has up to 1000 of them, made in plain arithmetic they cost next to nothing.
     */
    static void appendS3(StringBuilder b, Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            b.append(S3.format(instant));
            return;
        }
        digits(b, year, 4).append('-');
        digits(b, t.getMonthValue(), 2).append('-');
        digits(b, t.getDayOfMonth(), 2).append('T');
        digits(b, t.getHour(), 2).append(':');
        digits(b, t.getMinute(), 2).append(':');
        digits(b, t.getSecond(), 2).append('.');
        digits(b, t.getNano() / 1_000_000, 3).append('Z');
    }

    private static StringBuilder digits(StringBuilder b, int value, int width) {
        for (int scale = width == 4 ? 1000 : width == 3 ? 100 : 10; scale > 0; scale /= 10) {
            b.append((char) ('0' + value / scale % 10));
        }
        return b;
    }

    /** Parses an HTTP date, or returns null for anything unparseable (the header is then ignored). */
    static Instant parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim(), Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** HTTP dates have whole seconds. */
    static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
