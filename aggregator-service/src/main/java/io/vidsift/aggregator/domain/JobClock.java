package io.vidsift.aggregator.domain;

import io.vidsift.common.time.DateTimes;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Human-readable times in the job's runtime.timezone, the zone the operator wrote the ranges in. Machine fields
 * stay epoch numbers; these sit beside them.
 */
public record JobClock(ZoneId zone) {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:00");
    private static final DateTimeFormatter HOUR_OF_DAY = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");

    /** {@code YYYY-MM-DD HH:MM:SS}, the format of the config's time ranges; null stays null. */
    public String local(Long epochSeconds) {
        return epochSeconds == null ? null : DateTimes.format(epochSeconds, zone);
    }

    /** ISO-8601 with the zone's offset, e.g. {@code 2026-02-03T09:00:10+08:00} (milliseconds only when not zero). */
    public String iso(Long epochMillis) {
        return epochMillis == null ? null
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    public String hour(long epochSeconds) {
        return HOUR.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
    }

    public String hourOfDay(long epochSeconds) {
        return HOUR_OF_DAY.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
    }

    public String day(long epochSeconds) {
        return DAY.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
    }

    /** The start of the local hour holding {@code epochSeconds}; zones with half-hour offsets keep local hours. */
    public long hourStart(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).atZone(zone).withMinute(0).withSecond(0).withNano(0).toEpochSecond();
    }

    /** The start of the local hour after the one starting at {@code hourStart}; always later than it. */
    public long nextHour(long hourStart) {
        long next = Instant.ofEpochSecond(hourStart).atZone(zone).plusHours(1).withMinute(0).withSecond(0).withNano(0).toEpochSecond();
        // Where the clocks go back by less than an hour (Lord Howe: 30 minutes), the local hour before the change lasts
        // longer than an hour, so one hour on is still in it: the loops over a span's hours would never end. The next
        // hour then starts at the first later quarter hour that is in another local hour.
        for (long probe = hourStart + 3600; next <= hourStart; probe += 900) {
            next = hourStart(probe);
        }
        return next;
    }
}
