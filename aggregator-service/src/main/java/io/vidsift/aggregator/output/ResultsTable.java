package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.JobSnapshot;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.VideoAnalyzed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code results.jsonl}: one row per clip, in video order then clip order. {@code wall_start}/{@code wall_end}
 * are ISO-8601 in the job's timezone with its offset, {@code wall_start_ms}/{@code wall_end_ms} the same instants
 * in epoch milliseconds; both are null for local videos, which have no wall clock.
 */
public final class ResultsTable {

    private ResultsTable() {
    }

    public static List<Map<String, Object>> rows(JobSnapshot job) {
        JobClock clock = new JobClock(job.zone());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (VideoAnalyzed video : job.videos()) {
            if (video.clips() == null) {
                continue;
            }
            video.clips().stream().sorted(Comparator.comparingInt(ClipResult::index))
                    .forEach(clip -> rows.add(row(video, clip, clock)));
        }
        return rows;
    }

    static Map<String, Object> row(VideoAnalyzed video, ClipResult clip, JobClock clock) {
        CloudWindow w = video.window();
        Long wallStart = wallStart(video, clip);
        Long wallEnd = wallEnd(video, clip);
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

    /** The analyzer fills wall times when the video has a cloud window; derive them the same way if it did not. */
    public static Long wallStart(VideoAnalyzed video, ClipResult clip) {
        if (clip.wallStart() != null) {
            return clip.wallStart();
        }
        Long begin = video.window() == null ? null : video.window().actualBegin();
        return begin == null ? null : begin * 1000 + Math.round(clip.startOffset() * 1000);
    }

    public static Long wallEnd(VideoAnalyzed video, ClipResult clip) {
        if (clip.wallEnd() != null) {
            return clip.wallEnd();
        }
        Long begin = video.window() == null ? null : video.window().actualBegin();
        return begin == null ? null : begin * 1000 + Math.round(clip.endOffset() * 1000);
    }
}
