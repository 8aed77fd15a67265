package io.vidsift.common.messages;

/**
 * The contract version every message carries; bump on a breaking change, readers tolerate unknown fields.
 * 2: VideoAnalyzed's clip rows moved from the record to a file on storage ({@code clip_count}, {@code clips_path}).
 */
public final class Schema {

    public static final int VERSION = 2;

    private Schema() {
    }
}
