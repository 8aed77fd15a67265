package io.vidsift.aggregator.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

import static org.assertj.core.api.Assertions.assertThat;

class JobClockTest {

    private static final long FROM = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
    private static final long TO = Instant.parse("2031-01-01T00:00:00Z").getEpochSecond();

    @Test
    void hoursFollowEachOtherAcrossEveryClockChangeOfEveryZone() {
        int changes = 0;
        for (String id : ZoneId.getAvailableZoneIds()) {
            ZoneId zone = ZoneId.of(id);
            ZoneRules rules = zone.getRules();
            JobClock clock = new JobClock(zone);
            ZoneOffsetTransition change = rules.nextTransition(Instant.ofEpochSecond(FROM));
            while (change != null && change.getInstant().getEpochSecond() < TO) {
                long at = change.getInstant().getEpochSecond();
                // Three hours either side of the change: the next hour is later and starts an hour. (Not every quarter
                // hour in between belongs to it: where the clocks go back at :45, as on the Chatham Islands, the
                // quarter after the change is in the local hour begun before it.)
                long hour = clock.hourStart(at - 3 * 3600);
                while (hour < at + 3 * 3600) {
                    long next = clock.nextHour(hour);
                    assertThat(next).as("%s after %s", id, Instant.ofEpochSecond(hour)).isGreaterThan(hour);
                    assertThat(clock.hourStart(next)).as("%s at %s", id, Instant.ofEpochSecond(next)).isEqualTo(next);
                    hour = next;
                }
                changes++;
                change = rules.nextTransition(change.getInstant());
            }
        }
        assertThat(changes).as("clock changes checked").isGreaterThan(1000);
    }

    @Test
    void lordHowesHalfHourChangeBackMakesAnHourAndAHalf() {
        JobClock clock = new JobClock(ZoneId.of("Australia/Lord_Howe"));
        long one = Instant.parse("2026-04-04T14:00:00Z").getEpochSecond(); // 01:00+11:00, 30 minutes before the change
        assertThat(clock.hourStart(one)).isEqualTo(one);
        assertThat(clock.nextHour(one) - one).isEqualTo(5400); // 02:00+10:30
        assertThat(clock.hour(clock.nextHour(one))).isEqualTo("2026-04-05 02:00");
        for (long second = one; second < one + 5400; second += 900) {
            assertThat(clock.hourStart(second)).isEqualTo(one);
        }
    }
}
