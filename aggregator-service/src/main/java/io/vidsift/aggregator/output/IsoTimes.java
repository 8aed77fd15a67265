package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.JobClock;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * results.jsonl's {@code wall_start}/{@code wall_end}: the text {@link JobClock#iso} gives for an instant in the job's
 * zone ({@code DateTimeFormatter.ISO_OFFSET_DATE_TIME}), character for character, without java.time per row (it falls
 * back to JobClock.iso for years ISO prints otherwise). Two times per clip row made java.time's formatting a seventh of
 * the writer's time; the rows come in time order per camera, so the zone's offset is looked up once per stretch
 * between two of its transitions and the date once per local day, and only the time of day is written digit by digit.
 * One instance per file (not thread-safe).
 */
final class IsoTimes {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** 0000-01-01 and 10000-01-01 as epoch days: ISO prints years outside 0000-9999 with a sign, java.time does those. */
    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long END_DAY = LocalDate.of(10_000, 1, 1).toEpochDay();

    private final JobClock clock;
    private final ZoneRules rules;
    private final char[] text = new char[64];

    // The offset holds on [offsetFrom, offsetUntil) (epoch ms): from the instant it was looked up for to the next transition.
    private long offsetFrom = 1;
    private long offsetUntil = 0;
    private long offsetMillis;
    private String offsetId;

    // '"yyyy-MM-ddT' of the local day cachedDay (epoch day).
    private long cachedDay = Long.MIN_VALUE;
    private final char[] dayText = new char[12];

    IsoTimes(ZoneId zone) {
        this.clock = new JobClock(zone);
        this.rules = zone.getRules();
    }

    /**
     * The instant's ISO text in double quotes (a JSON string that needs no escaping) is {@code chars()[0, length)};
     * valid until the next call.
     */
    int format(long epochMillis) {
        if (epochMillis < offsetFrom || epochMillis >= offsetUntil) {
            lookUpOffset(epochMillis);
        }
        long local;
        try {
            local = Math.addExact(epochMillis, offsetMillis);
        } catch (ArithmeticException e) {
            return slow(epochMillis);
        }
        long day = Math.floorDiv(local, MILLIS_PER_DAY);
        if (day != cachedDay) {
            if (day < FIRST_DAY || day >= END_DAY) {
                return slow(epochMillis);
            }
            dayText(day);
        }
        System.arraycopy(dayText, 0, text, 0, dayText.length);
        int n = dayText.length;
        int millisOfDay = (int) Math.floorMod(local, MILLIS_PER_DAY);
        int seconds = millisOfDay / 1000;
        n = twoDigits(seconds / 3600, n);
        text[n++] = ':';
        n = twoDigits(seconds / 60 % 60, n);
        text[n++] = ':';
        n = twoDigits(seconds % 60, n);
        n = fraction(millisOfDay % 1000, n);
        offsetId.getChars(0, offsetId.length(), text, n);
        n += offsetId.length();
        text[n] = '"';
        return n + 1;
    }

    char[] chars() {
        return text;
    }

    private void lookUpOffset(long epochMillis) {
        Instant instant = Instant.ofEpochMilli(epochMillis);
        ZoneOffset offset = rules.getOffset(instant);
        ZoneOffsetTransition next = rules.nextTransition(instant);
        offsetFrom = epochMillis;
        offsetUntil = next == null || next.getInstant().getEpochSecond() >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE
                : next.getInstant().toEpochMilli();
        offsetMillis = offset.getTotalSeconds() * 1000L;
        offsetId = offset.getId(); // "Z", "+08:00", "+05:45", "+08:05:43": what ISO_OFFSET_DATE_TIME prints
    }

    private void dayText(long day) {
        LocalDate date = LocalDate.ofEpochDay(day);
        int year = date.getYear();
        dayText[0] = '"';
        dayText[1] = (char) ('0' + year / 1000);
        dayText[2] = (char) ('0' + year / 100 % 10);
        dayText[3] = (char) ('0' + year / 10 % 10);
        dayText[4] = (char) ('0' + year % 10);
        dayText[5] = '-';
        dayText[6] = (char) ('0' + date.getMonthValue() / 10);
        dayText[7] = (char) ('0' + date.getMonthValue() % 10);
        dayText[8] = '-';
        dayText[9] = (char) ('0' + date.getDayOfMonth() / 10);
        dayText[10] = (char) ('0' + date.getDayOfMonth() % 10);
        dayText[11] = 'T';
        cachedDay = day;
    }

    private int twoDigits(int value, int n) {
        text[n] = (char) ('0' + value / 10);
        text[n + 1] = (char) ('0' + value % 10);
        return n + 2;
    }

    /** ISO prints the fraction of a second without trailing zeros, and nothing at all (no point) when it is zero. */
    private int fraction(int millis, int n) {
        if (millis == 0) {
            return n;
        }
        text[n++] = '.';
        text[n++] = (char) ('0' + millis / 100);
        if (millis % 100 != 0) {
            text[n++] = (char) ('0' + millis / 10 % 10);
            if (millis % 10 != 0) {
                text[n++] = (char) ('0' + millis % 10);
            }
        }
        return n;
    }

    /** Years that ISO prints with a sign or more than four digits, and sums that overflow: rare enough for java.time. */
    private int slow(long epochMillis) {
        String iso = '"' + clock.iso(epochMillis) + '"';
        iso.getChars(0, iso.length(), text, 0);
        return iso.length();
    }
}
