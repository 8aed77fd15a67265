package io.vidsift.common.messages;

/** The contract version every message carries; bump on a breaking change, readers tolerate unknown fields. */
public final class Schema {

    public static final int VERSION = 1;

    private Schema() {
    }
}
