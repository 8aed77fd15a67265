package io.vidsift.common.messages;

import io.vidsift.common.config.AnalysisConfig;

/**
 * One download-address request to make. It carries what the downloader needs to act without the job config:
 * the API endpoint (never a credential), timeouts, dry-run, and the analysis settings to pass on with the video.
 */
public record ChunkRequested(
        int schema,
        String jobId,
        String chunkId,
        CloudWindow window,
        boolean dryRun,
        String apiBaseUrl,
        String downloadPath,
        String tokenPath,
        int timeoutSeconds,
        int downloadTimeoutSeconds,
        String outputDir,
        AnalysisConfig analysis) {
}
