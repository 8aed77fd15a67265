package io.vidsift.common.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a job's videos come from. */
public enum SourceMode {
    LOCAL("local"),
    HIK_CLOUD("hik_cloud");

    private final String key;

    SourceMode(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }
}
