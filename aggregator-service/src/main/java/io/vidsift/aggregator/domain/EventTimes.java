package io.vidsift.aggregator.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Event timestamps arrive as ISO-8601 text; a missing or unreadable one sorts first instead of failing the fold. */
public final class EventTimes {

    private EventTimes() {
    }

    public static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
