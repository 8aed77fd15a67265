package io.vidsift.aggregator;

import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.Device;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.config.LocalSource;
import io.vidsift.common.config.SourceMode;
import io.vidsift.common.config.TimeRange;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.storage.StorageLayout;

import java.time.Instant;
import java.util.List;

/** Hand-built events for tests that need one specific situation rather than a recorded sequence. */
public final class Events {

    public static final long BEGIN = 1_770_080_400L; // 2026-02-03 09:00:00 Asia/Shanghai
    public static final Device CAMERA = new Device("DEV1", 1, "front");

    private Events() {
    }

    public static JobPlanned cloudJob(String jobId, String outputDir, int chunks, boolean dryRun) {
        HikCloudConfig hik = new HikCloudConfig("http://127.0.0.1:1", HikCloudConfig.DEFAULT_DOWNLOAD_PATH,
                HikCloudConfig.DEFAULT_TOKEN_PATH, HikCloudConfig.DEFAULT_ACCESS_TOKEN_ENV, null, null, 600, 60, 600,
                List.of(CAMERA), List.of(new TimeRange(BEGIN, BEGIN + 600L * chunks)));
        JobConfig config = new JobConfig(jobId, dryRun, SourceMode.HIK_CLOUD, null, hik, "Asia/Shanghai", outputDir, outputDir,
                AnalysisConfig.defaults());
        return JobPlanned.of(jobId, "2026-02-03T01:00:00Z", config, 1, 1, chunks, 0);
    }

    public static JobPlanned localJob(String jobId, String outputDir, int files) {
        JobConfig config = new JobConfig(jobId, false, SourceMode.LOCAL, new LocalSource("in", List.of(".mp4"), true), null,
                "Asia/Shanghai", outputDir, "in", AnalysisConfig.defaults());
        return JobPlanned.of(jobId, "2026-02-03T01:00:00Z", config, 0, 0, 0, files);
    }

    public static CloudWindow window(int chunk) {
        long begin = BEGIN + 600L * chunk;
        return new CloudWindow(CAMERA.deviceSerial(), CAMERA.channelNo(), CAMERA.name(), begin, begin + 600, begin + 1, begin + 599);
    }

    public static String chunkId(String jobId, int chunk) {
        CloudWindow w = window(chunk);
        return Ids.chunkId(jobId, w.deviceSerial(), w.channelNo(), w.requestedBegin(), w.requestedEnd());
    }

    public static String path(int chunk) {
        CloudWindow w = window(chunk);
        return StorageLayout.cloudVideo(w.deviceSerial(), w.channelNo(), w.requestedBegin(), w.requestedEnd());
    }

    public static DownloadRecorded download(String jobId, int chunk, DownloadStatus status, int secondsAfter) {
        return download(jobId, chunk, status, secondsAfter, 0, null, false);
    }

    public static DownloadRecorded download(String jobId, int chunk, DownloadStatus status, int secondsAfter, int retries,
                                            String error, boolean dryRun) {
        boolean downloaded = status == DownloadStatus.DOWNLOADED;
        return new DownloadRecorded(Schema.VERSION, jobId, chunkId(jobId, chunk), "hik_cloud", window(chunk),
                "oss.example.com", downloaded ? path(chunk) : null, status, retries, error, downloaded ? 1000L : null,
                downloaded ? "ab" : null, dryRun, at(secondsAfter), downloaded ? "mp4" : null);
    }

    public static VideoAnalyzed analysis(String jobId, int chunk, AnalysisStatus status, int secondsAfter) {
        CloudWindow w = window(chunk);
        List<ClipResult> clips = status == AnalysisStatus.ANALYZED
                ? List.of(new ClipResult(0, 0, 10, (w.actualBegin()) * 1000, (w.actualBegin() + 10) * 1000, 10, false, 0.5, null, null, 0, null, null, null))
                : List.of();
        return new VideoAnalyzed(Schema.VERSION, jobId, Ids.videoId(jobId, path(chunk)), chunkId(jobId, chunk), "hik_cloud", w,
                path(chunk), null, "keyframes", 1.0, 10, 0, clips, "activity", "cpu", null, status,
                status.failed() ? "broken" : null, at(secondsAfter), clips.size(), null, 0, 0);
    }

    public static VideoAnalyzed localAnalysis(String jobId, String path, AnalysisStatus status, int secondsAfter) {
        return new VideoAnalyzed(Schema.VERSION, jobId, Ids.videoId(jobId, path), null, "local", null, path, null, "seek",
                1.0, 10, 0, List.of(), "activity", "cpu", null, status, status.failed() ? "broken" : null, at(secondsAfter), 0, null, 0, 0);
    }

    public static String at(int secondsAfter) {
        return Instant.ofEpochSecond(BEGIN + 3600 + secondsAfter).toString();
    }
}
