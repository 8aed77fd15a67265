package io.vidsift.common.messages;

import io.vidsift.common.config.AnalysisConfig;

/**
 * A video file ready for analysis, from the downloader (source hik_cloud, with its chunk and window) or the
 * planner's local discovery (source local, window null). {@code path} is relative to the storage root.
 */
public record VideoReady(
        int schema,
        String jobId,
        String videoId,
        String source,
        String chunkId,
        CloudWindow window,
        String path,
        Long bytes,
        String sha256,
        String outputDir,
        AnalysisConfig analysis) {

    public static final String SOURCE_LOCAL = "local";
    public static final String SOURCE_HIK_CLOUD = "hik_cloud";
}
