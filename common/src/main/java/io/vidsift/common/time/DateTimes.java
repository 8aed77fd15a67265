package io.vidsift.common.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The three ways a user may write a point in time, all turned into epoch seconds:
 * <ul>
 *   <li>{@code "YYYY-MM-DD HH:MM:SS"}, read in the job's timezone;</li>
 *   <li>integer epoch seconds (a YAML number, or a string of digits);</li>
 *   <li>ISO-8601 with an offset, {@code 2026-02-03T09:00:00+08:00} or {@code ...Z}.</li>
 * </ul>
 * Daylight-saving rule, one for all: a local time that falls in a gap is moved forward by the length of the gap
 * (02:30 in a 02:00→03:00 spring-forward gap is 03:30), and a local time that occurs twice takes the earlier
 * offset (the first occurrence). This is {@link ZonedDateTime#of}'s rule, so users can reproduce it.
 */
public final class DateTimes {

    public static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);
    private static final Pattern DIGITS = Pattern.compile("-?\\d{1,12}");

    private DateTimes() {
    }

    /** Parses text in one of the accepted forms; throws {@link IllegalArgumentException} with a user-facing reason. */
    public static long parse(String text, ZoneId zone) {
        String value = text.strip();
        if (DIGITS.matcher(value).matches()) {
            return Long.parseLong(value);
        }
        try {
            if (value.length() == 19 && value.charAt(10) == ' ') {
                return ZonedDateTime.of(LocalDateTime.parse(value, LOCAL), zone).toEpochSecond();
            }
            return OffsetDateTime.parse(value).toEpochSecond();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cannot parse date-time '" + text
                    + "' (use \"YYYY-MM-DD HH:MM:SS\", epoch seconds, or ISO-8601 with an offset)");
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid date-time '" + text + "': " + e.getMessage());
        }
    }

    /** Formats epoch seconds as {@code YYYY-MM-DD HH:MM:SS} in the given zone, for messages users read. */
    public static String format(long epochSeconds, ZoneId zone) {
        return LOCAL.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
    }
}
