package io.vidsift.common.time;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DateTimesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void acceptsTheThreeForms() {
        assertThat(DateTimes.parse("2026-02-03 09:00:00", SHANGHAI)).isEqualTo(1770080400L);
        assertThat(DateTimes.parse("1770080400", SHANGHAI)).isEqualTo(1770080400L);
        assertThat(DateTimes.parse("2026-02-03T01:00:00Z", SHANGHAI)).isEqualTo(1770080400L);
        assertThat(DateTimes.parse("2026-02-03T09:00:00+08:00", BERLIN)).isEqualTo(1770080400L);
    }

    @Test
    void aLocalTimeInTheSpringGapMovesForwardByTheGap() {
        // Berlin jumps 02:00 -> 03:00 on 2026-03-29; 02:30 does not exist and becomes 03:30 CEST = 01:30Z.
        assertThat(DateTimes.parse("2026-03-29 02:30:00", BERLIN)).isEqualTo(DateTimes.parse("2026-03-29T01:30:00Z", BERLIN));
    }

    @Test
    void aRepeatedAutumnTimeTakesTheEarlierOffset() {
        // Berlin repeats 02:00-03:00 on 2026-10-25; 02:30 is read as the first one, CEST (+02:00) = 00:30Z.
        assertThat(DateTimes.parse("2026-10-25 02:30:00", BERLIN)).isEqualTo(DateTimes.parse("2026-10-25T00:30:00Z", BERLIN));
    }

    @Test
    void rejectsNonsenseWithTheAcceptedForms() {
        assertThatThrownBy(() -> DateTimes.parse("yesterday", SHANGHAI)).hasMessageContaining("cannot parse date-time 'yesterday'")
                .hasMessageContaining("YYYY-MM-DD HH:MM:SS");
        assertThatThrownBy(() -> DateTimes.parse("2026-13-01 00:00:00", SHANGHAI)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DateTimes.parse("2026-02-03 09:00", SHANGHAI)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsBackInTheZone() {
        assertThat(DateTimes.format(1770080400L, SHANGHAI)).isEqualTo("2026-02-03 09:00:00");
    }
}
