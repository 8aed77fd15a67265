package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.JobClock;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.Probe;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.messages.VideoReady;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code video_manifest.jsonl}: one row per video with its probe data and the cloud metadata carried through
 * (camera, requested and actual times as epoch seconds and as local {@code YYYY-MM-DD HH:MM:SS} in the job's
 * timezone). A downloaded chunk whose analysis has not arrived yet has a row with status {@code pending}, so the
 * file lists every video the job has at any moment; it is replaced by the analysis row when that comes.
 */
public final class VideoManifest {

    public static final String PENDING = "pending";

    private VideoManifest() {
    }

    public static Map<String, Object> analyzed(VideoAnalyzed video, int clips, DownloadRecorded chunk, JobClock clock) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("video_id", video.videoId());
        row.put("chunk_id", video.chunkId());
        row.put("source", video.source() != null ? video.source()
                : video.window() == null ? VideoReady.SOURCE_LOCAL : VideoReady.SOURCE_HIK_CLOUD);
        window(row, video.window(), clock);
        row.put("path", video.path());
        row.put("bytes", chunk == null ? null : chunk.bytes());
        row.put("sha256", chunk == null ? null : chunk.sha256());
        row.put("status", video.status().key());
        row.put("error", video.error());
        Probe probe = video.probe();
        row.put("container", probe == null ? null : probe.container());
        row.put("codec", probe == null ? null : probe.codec());
        row.put("width", probe == null ? null : probe.width());
        row.put("height", probe == null ? null : probe.height());
        row.put("fps", probe == null ? null : probe.fps());
        row.put("duration_seconds", probe == null ? null : probe.durationSeconds());
        row.put("start_time_seconds", probe == null ? null : probe.startTimeSeconds());
        row.put("bitrate", probe == null ? null : probe.bitrate());
        row.put("estimated_frames", probe == null ? null : probe.estimatedFrames());
        row.put("sampling_mode", video.samplingMode());
        row.put("effective_fps", video.effectiveFps());
        row.put("frames_sampled", video.framesSampled());
        row.put("frames_dropped", video.framesDropped());
        row.put("clips", clips);
        row.put("model", video.model());
        row.put("device", video.device());
        row.put("timings_ms", video.timingsMs());
        row.put("analyzed_at", video.analyzedAt());
        return row;
    }

    public static Map<String, Object> pending(String jobId, DownloadRecorded chunk, JobClock clock) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("video_id", Ids.videoId(jobId, chunk.path()));
        row.put("chunk_id", chunk.chunkId());
        row.put("source", chunk.source() == null ? VideoReady.SOURCE_HIK_CLOUD : chunk.source());
        window(row, chunk.window(), clock);
        row.put("path", chunk.path());
        row.put("bytes", chunk.bytes());
        row.put("sha256", chunk.sha256());
        row.put("status", PENDING);
        return row;
    }

    private static void window(Map<String, Object> row, CloudWindow w, JobClock clock) {
        row.put("device_serial", w == null ? null : w.deviceSerial());
        row.put("channel_no", w == null ? null : w.channelNo());
        row.put("device_name", w == null ? null : w.deviceName());
        row.put("requested_begin", w == null ? null : w.requestedBegin());
        row.put("requested_end", w == null ? null : w.requestedEnd());
        row.put("actual_begin", w == null ? null : w.actualBegin());
        row.put("actual_end", w == null ? null : w.actualEnd());
        row.put("requested_begin_local", w == null ? null : clock.local(w.requestedBegin()));
        row.put("requested_end_local", w == null ? null : clock.local(w.requestedEnd()));
        row.put("actual_begin_local", w == null ? null : clock.local(w.actualBegin()));
        row.put("actual_end_local", w == null ? null : clock.local(w.actualEnd()));
        row.put("timezone", clock.zone().getId());
    }
}
