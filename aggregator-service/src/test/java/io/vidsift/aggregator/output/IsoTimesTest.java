package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.JobClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IsoTimes} writes (in quotes) what {@link JobClock#iso} (java.time's ISO_OFFSET_DATE_TIME) writes, character for character,
 * in every zone the JDK knows: on both sides of every transition (DST, zones that changed their standard offset, local
 * mean time with offset seconds, half and quarter hour offsets), at every kind of fraction of a second, in time order
 * (how the rows come, so the offset and the day are reused) and in any order.
 */
class IsoTimesTest {

    private static final long HOUR = 3_600_000L;

    @Test
    void everyZoneAroundEveryTransitionAndAtRandomInstants() {
        Random random = new Random(20261130);
        long checked = 0;
        for (String id : new TreeSet<>(ZoneId.getAvailableZoneIds())) {
            ZoneId zone = ZoneId.of(id);
            List<Long> instants = instants(zone.getRules(), random);
            checked += assertSame(zone, instants);
            Collections.shuffle(instants, random);
            checked += assertSame(zone, instants);
        }
        assertThat(checked).as("instants compared").isGreaterThan(100_000);
    }

    @Test
    void fixedOffsetsUtcAndTheFractionsOfASecond() {
        List<Long> instants = new ArrayList<>();
        long base = 1_770_080_400_000L; // 2026-02-03T01:00:00Z
        for (int millis = 0; millis < 2000; millis++) {
            instants.add(base + millis);
            instants.add(-base + millis); // 1913: a year before the epoch counts its days and millis down
        }
        for (String id : List.of("Z", "UTC", "Etc/UTC", "GMT", "UTC+00:00", "+00:00", "-00:00", "+00:07", "-03:30", "+05:45",
                "+14:00", "-18:00", "+18:00", "+01:02:03", "-00:00:30", "UT-01:30")) {
            assertSame(ZoneId.of(id), instants);
        }
        assertThat(format(ZoneOffset.UTC, base)).isEqualTo("2026-02-03T01:00:00Z");
        assertThat(format(ZoneId.of("Asia/Shanghai"), base + 120)).isEqualTo("2026-02-03T09:00:00.12+08:00");
        assertThat(format(ZoneId.of("Asia/Shanghai"), -2_177_481_943_001L)).isEqualTo("1900-12-31T23:59:59.999+08:05:43");
    }

    @Test
    void yearsOutsideFourDigitsAndTheEndsOfTheEpochMillis() {
        List<Long> instants = new ArrayList<>();
        for (long edge : new long[]{Long.MIN_VALUE, Long.MAX_VALUE, -62_167_219_200_000L, 253_402_300_800_000L, 0}) {
            for (long step = -3 * HOUR; step <= 3 * HOUR; step += HOUR / 4 + 1) {
                long t = edge + step;
                if ((step < 0 && t > edge) || (step > 0 && t < edge)) {
                    continue; // wrapped around
                }
                instants.add(t);
            }
        }
        for (String id : List.of("UTC", "Asia/Shanghai", "America/New_York", "-18:00", "+18:00", "Pacific/Kiritimati")) {
            assertSame(ZoneId.of(id), instants);
        }
    }

    /** Each transition's instant, a millisecond either side, an hour either side; some random instants 1850-2150. */
    private static List<Long> instants(ZoneRules rules, Random random) {
        List<Long> instants = new ArrayList<>();
        List<ZoneOffsetTransition> transitions = new ArrayList<>(rules.getTransitions());
        // The transitions the zone's rules make each year after its table ends (DST in zones that still have it).
        ZoneOffsetTransition next = rules.nextTransition(Instant.parse("2030-01-01T00:00:00Z"));
        while (next != null && next.getInstant().isBefore(Instant.parse("2045-01-01T00:00:00Z"))) {
            transitions.add(next);
            next = rules.nextTransition(next.getInstant());
        }
        for (ZoneOffsetTransition transition : transitions) {
            long at = transition.getInstant().toEpochMilli();
            for (long delta : new long[]{-HOUR, -1, 0, 1, HOUR, 3 * HOUR / 2 + 7}) {
                instants.add(at + delta);
            }
        }
        for (int i = 0; i < 500; i++) {
            instants.add(-3_786_825_600_000L + (long) (random.nextDouble() * 9_467_280_000_000L));
        }
        Collections.sort(instants);
        return instants;
    }

    private static int assertSame(ZoneId zone, List<Long> instants) {
        JobClock clock = new JobClock(zone);
        IsoTimes iso = new IsoTimes(zone);
        for (long t : instants) {
            String written = new String(iso.chars(), 0, iso.format(t));
            String expected = '"' + clock.iso(t) + '"';
            if (!written.equals(expected)) {
                assertThat(written).as("%s at %d ms", zone, t).isEqualTo(expected);
            }
        }
        return instants.size();
    }

    private static String format(ZoneId zone, long epochMillis) {
        IsoTimes iso = new IsoTimes(zone);
        String quoted = new String(iso.chars(), 0, iso.format(epochMillis));
        assertThat(quoted).startsWith("\"").endsWith("\"");
        return quoted.substring(1, quoted.length() - 1);
    }
}
