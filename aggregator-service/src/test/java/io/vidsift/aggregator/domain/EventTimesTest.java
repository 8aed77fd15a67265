package io.vidsift.aggregator.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimesTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-10T00:00:00Z", "2026-02-10T23:59:59.5Z", "2026-02-10T10:11:12.123Z",
            "2026-02-10T10:11:12.123456789Z", "2024-02-29T12:00:00+05:30", "2026-12-31T23:00:00-08:00",
            "1970-01-01T00:00:00.000001Z", "2026-03-29T01:30:00+01:00"})
    void theHandReaderAgreesWithJavaTime(String text) {
        Instant expected = OffsetDateTime.parse(text).toInstant();
        assertThat(EventTimes.strict(text)).isEqualTo(expected);
        assertThat(EventTimes.instant(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-02-10T24:00:00Z", "2026-02-10 00:00:00Z", "2026-02-10T00:00:00",
            "2026-02-10T00:00:00.Z", "2026-02-10T00:00:00.1234567891Z", "2026-02-10T00:00:00+0530", "2026-02-10T00:00Z",
            "2026-02-10T00:00:00z", "+12026-02-10T00:00:00Z"})
    void anythingElseIsLeftToJavaTime(String text) {
        assertThat(EventTimes.strict(text)).isNull();
    }

    @Test
    void javaTimeStillReadsWhatTheHandReaderDoesNot() {
        assertThat(EventTimes.instant("2026-02-10T00:00Z")).isEqualTo(Instant.parse("2026-02-10T00:00:00Z"));
        assertThat(EventTimes.instant("2026-02-30T00:00:00Z")).isNull();
        assertThat(EventTimes.instant("yesterday")).isNull();
        assertThat(EventTimes.instant(" ")).isNull();
    }
}
