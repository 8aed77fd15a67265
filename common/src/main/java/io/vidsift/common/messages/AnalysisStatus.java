package io.vidsift.common.messages;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the analysis of one video ended. Every value is terminal. */
public enum AnalysisStatus {
    ANALYZED("analyzed"),
    PROBE_FAILED("probe_failed"),
    DECODE_FAILED("decode_failed"),
    INFERENCE_FAILED("inference_failed");

    private final String key;

    AnalysisStatus(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    public boolean failed() {
        return this != ANALYZED;
    }
}
