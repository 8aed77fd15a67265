package io.vidsift.aggregator.output;

import io.vidsift.common.messages.ClipTimes;
import io.vidsift.aggregator.domain.JobClock;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.VideoAnalyzed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code results.jsonl} row as the writer made it before {@link ResultsRows}: an ordered map per clip, written with
 * {@link OutputJson#line}, the times formatted with {@link JobClock#iso}. Kept as the reference that ResultsRows'
 * bytes are held to (ResultsRowsTest), and as the anchor of bench/aggregator/files.sh.
 */
public final class ResultsTable {

    private ResultsTable() {
    }

    public static Map<String, Object> row(VideoAnalyzed video, ClipResult clip, JobClock clock) {
        CloudWindow w = video.window();
        Long wallStart = ClipTimes.wallStart(w, clip);
        Long wallEnd = ClipTimes.wallEnd(w, clip);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("video_id", video.videoId());
        row.put("chunk_id", video.chunkId());
        row.put("source", video.source());
        row.put("device_serial", w == null ? null : w.deviceSerial());
        row.put("channel_no", w == null ? null : w.channelNo());
        row.put("device_name", w == null ? null : w.deviceName());
        row.put("path", video.path());
        row.put("clip_index", clip.index());
        row.put("start_offset", clip.startOffset());
        row.put("end_offset", clip.endOffset());
        row.put("wall_start", clock.iso(wallStart));
        row.put("wall_end", clock.iso(wallEnd));
        row.put("wall_start_ms", wallStart);
        row.put("wall_end_ms", wallEnd);
        row.put("frames", clip.frames());
        row.put("partial", clip.partial());
        row.put("activity", clip.activity());
        row.put("activity_grid", clip.activityGrid());
        row.put("counts", clip.counts() == null ? Map.of() : new TreeMap<>(clip.counts()));
        row.put("model", video.model());
        return row;
    }
}
