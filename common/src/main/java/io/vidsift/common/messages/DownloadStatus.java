package io.vidsift.common.messages;

import com.fasterxml.jackson.annotation.JsonValue;

/** The seed's manifest statuses for one chunk. All but {@link #ADDRESS_OK} on a non-dry-run job are terminal. */
public enum DownloadStatus {
    ADDRESS_OK("address_ok"),
    DOWNLOADED("downloaded"),
    NO_RECORDING("no_recording"),
    ADDRESS_FAILED("address_failed"),
    DOWNLOAD_FAILED("download_failed");

    private final String key;

    DownloadStatus(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    public boolean failed() {
        return this == ADDRESS_FAILED || this == DOWNLOAD_FAILED;
    }

    /** Whether the chunk needs nothing more: on a dry run the address is the end of the line. */
    public boolean terminal(boolean dryRun) {
        return this != ADDRESS_OK || dryRun;
    }
}
