package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.Camera;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.domain.Keys;
import io.vidsift.common.messages.ClipResult;

import java.util.List;
import java.util.function.Consumer;

/**
 * A cloud camera's activity at the clips' own resolution: one mark per clip with a wall clock, streamed from the
 * camera's video rows one video at a time (the clip file, or the clips store for schema 1), so that memory stays flat
 * in the job's size. Drawn only where a chart can hold it ({@link #fits}); longer charts keep the hourly buckets.
 */
final class ClipMarks {

    /** At most this many clips on one chart: about 2 marks per pixel of the 834 px plot, and ~350 KB of SVG. */
    static final int MAX_MARKS = 2000;
    /** Beyond two days an hour is under 18 px wide, and the hourly bars say as much as clip marks could. */
    static final int MAX_HOURS = 48;

    /** One clip: its wall-clock span (epoch ms) and its activity. */
    record Mark(long startMs, long endMs, double activity) {
    }

    private final JobTables tables;
    private final String jobId;
    private final VideoClips clips;

    ClipMarks(JobTables tables, String jobId, VideoClips clips) {
        this.tables = tables;
        this.jobId = jobId;
        this.clips = clips;
    }

    /**
     * The rule: clip marks when the camera has at most {@link #MAX_MARKS} clips and its chart spans at most
     * {@link #MAX_HOURS} hours; both are known from the counters before a clip is read.
     */
    static boolean fits(long clipCount, List<Summary.HourBucket> hours) {
        return clipCount > 0 && clipCount <= MAX_MARKS && !hours.isEmpty() && hours.size() <= MAX_HOURS
                && hours.get(hours.size() - 1).start() - hours.get(0).start() < MAX_HOURS * 3600L;
    }

    /** Streams the camera's clips that have a wall clock and an activity score, in row (time) order. */
    void forEach(Camera camera, Consumer<Mark> each) {
        tables.videos().scan(Keys.cameraVideos(jobId, camera), (key, video) -> {
            if (video.pending()) {
                return true;
            }
            for (ClipResult clip : clips.of(tables, key, video)) {
                if (clip.wallStart() != null && clip.wallEnd() != null && clip.activity() != null) {
                    each.accept(new Mark(clip.wallStart(), clip.wallEnd(), clip.activity()));
                }
            }
            return true;
        });
    }
}
