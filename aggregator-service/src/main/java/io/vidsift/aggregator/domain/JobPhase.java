package io.vidsift.aggregator.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a job stands, as GET /jobs/{id} and summary.json report it. */
public enum JobPhase {
    PLANNED("planned"),
    DOWNLOADING("downloading"),
    ANALYZING("analyzing"),
    COMPLETED("completed"),
    COMPLETED_WITH_FAILURES("completed_with_failures");

    private final String key;

    JobPhase(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    public boolean finished() {
        return this == COMPLETED || this == COMPLETED_WITH_FAILURES;
    }
}
