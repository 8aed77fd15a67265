package io.vidsift.downloader.it;

import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.Device;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.TimeRange;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.time.Chunk;
import io.vidsift.common.time.ChunkPlan;

import java.util.ArrayList;
import java.util.List;

/** Builds the ChunkRequested messages a planner would publish for a job. */
final class Chunks {

    private Chunks() {
    }

    static List<ChunkRequested> plan(String jobId, String apiBaseUrl, List<String> serials, TimeRange range, int chunkSeconds,
                                     boolean dryRun, int timeoutSeconds, int downloadTimeoutSeconds) {
        List<Device> devices = serials.stream().map(s -> new Device(s, 1, s.toLowerCase())).toList();
        List<ChunkRequested> chunks = new ArrayList<>();
        for (Chunk chunk : new ChunkPlan(devices, List.of(range), chunkSeconds)) {
            chunks.add(chunk(jobId, apiBaseUrl, chunk.device().deviceSerial(), chunk.begin(), chunk.end(), dryRun, timeoutSeconds,
                    downloadTimeoutSeconds));
        }
        return chunks;
    }

    static ChunkRequested chunk(String jobId, String apiBaseUrl, String serial, long begin, long end, boolean dryRun,
                                int timeoutSeconds, int downloadTimeoutSeconds) {
        return new ChunkRequested(Schema.VERSION, jobId, Ids.chunkId(jobId, serial, 1, begin, end),
                new CloudWindow(serial, 1, serial.toLowerCase(), begin, end, null, null), dryRun, apiBaseUrl,
                HikCloudConfig.DEFAULT_DOWNLOAD_PATH, HikCloudConfig.DEFAULT_TOKEN_PATH, timeoutSeconds, downloadTimeoutSeconds,
                "target/test-output/" + jobId, AnalysisConfig.defaults());
    }

    /** The same chunk asking other paths of its API (what a hand-made ChunkRequested could do). */
    static ChunkRequested withPaths(ChunkRequested c, String downloadPath, String tokenPath) {
        return new ChunkRequested(c.schema(), c.jobId(), c.chunkId(), c.window(), c.dryRun(), c.apiBaseUrl(), downloadPath, tokenPath,
                c.timeoutSeconds(), c.downloadTimeoutSeconds(), c.outputDir(), c.analysis());
    }
}
