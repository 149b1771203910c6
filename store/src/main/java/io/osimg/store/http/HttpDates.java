package io.osimg.store.http;

import java.time.Instant;
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
