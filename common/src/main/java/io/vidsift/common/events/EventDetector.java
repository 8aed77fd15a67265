package io.vidsift.common.events;

import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns one camera's clip rows, in time order, into events: contiguous active spans, the review list NVR users
 * rely on. Plain Java, streaming (one open event at a time, whatever the job's length).
 * <p>
 * A clip is <b>active</b> when its {@code activity} reaches {@link Settings#activityThreshold()} or, when a
 * detector ran, some class's per-clip maximum count reaches {@link Settings#minCount()}. Active clips less than
 * {@link Settings#mergeGapSeconds()} apart (end of one to start of the next, quiet clips and recording gaps
 * included) belong to one event; an event shorter than {@link Settings#minSeconds()} is dropped (a single noisy
 * clip). Clips must come in time order; a clip starting before the open event ends (a redelivered or overlapping
 * chunk) is merged into it.
 * <p>
 * Time: wall-clock epoch milliseconds from the clip rows ({@code wall_start}/{@code wall_end}, cloud chunks).
 * Clips of local files have no wall-clock time; there the offsets (ms from the start of the video) are used, so
 * feed one video's clips per detector.
 * <p>
 * <b>Row format</b> ({@link Event}, one JSON line per event with MessageCodec, snake_case) proposed for
 * {@code events.jsonl}:
 * <pre>
 * {"device_serial":"DS-2CD","channel_no":1,"camera_name":"gate","video_id":"v-..","wall_clock":true,
 *  "start_ms":1770080401000,"end_ms":1770080431000,"duration_seconds":30.0,"clips":3,
 *  "peak_activity":0.21,"peak_ms":1770080412000,"counts":{"person":2},"scene_changes":0,
 *  "thumbnail":"out/analysis/v-...peak0001.jpg"}
 * </pre>
 * {@code start_ms}/{@code end_ms}/{@code peak_ms} are epoch ms when {@code wall_clock} is true, else ms from the
 * start of {@code video_id}; {@code video_id} is the peak clip's video; {@code counts} is the per-class maximum
 * over the event (empty when no detector ran); {@code peak_activity} is null when only a detector ran;
 * {@code thumbnail} is the peak clip's JPEG (storage-relative), or null when it has none.
 */
public final class EventDetector {

    /** Mean changed fraction of a clip that counts as activity: far above an OSD clock or sensor noise (<= 0.0002). */
    public static final double DEFAULT_ACTIVITY_THRESHOLD = 0.005;
    public static final int DEFAULT_MIN_COUNT = 1;
    public static final double DEFAULT_MIN_SECONDS = 0;
    public static final double DEFAULT_MERGE_GAP_SECONDS = 10;

    /**
     * @param activityThreshold clip activity (0..1) at or above which a clip is active
     * @param minCount          a detector class count (per-clip max) at or above which a clip is active
     * @param minSeconds        shorter events are dropped
     * @param mergeGapSeconds   active clips at most this far apart form one event
     */
    public record Settings(double activityThreshold, int minCount, double minSeconds, double mergeGapSeconds) {

        public Settings {
            if (!(activityThreshold > 0 && activityThreshold <= 1)) {
                throw new IllegalArgumentException("events.activity_threshold must be in (0, 1], was " + activityThreshold);
            }
            if (minCount < 1) {
                throw new IllegalArgumentException("events.min_count must be >= 1, was " + minCount);
            }
            if (!(minSeconds >= 0)) {
                throw new IllegalArgumentException("events.min_seconds must be >= 0, was " + minSeconds);
            }
            if (!(mergeGapSeconds >= 0)) {
                throw new IllegalArgumentException("events.merge_gap_seconds must be >= 0, was " + mergeGapSeconds);
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_ACTIVITY_THRESHOLD, DEFAULT_MIN_COUNT, DEFAULT_MIN_SECONDS, DEFAULT_MERGE_GAP_SECONDS);
        }
    }

    /** Which camera the clips come from (channel and name may be null for local files). */
    public record Camera(String deviceSerial, Integer channelNo, String name) {
    }

    /** One event; see the class comment for the JSON form. */
    public record Event(
            String deviceSerial,
            Integer channelNo,
            String cameraName,
            String videoId,
            boolean wallClock,
            long startMs,
            long endMs,
            double durationSeconds,
            int clips,
            Double peakActivity,
            long peakMs,
            Map<String, Integer> counts,
            int sceneChanges,
            String thumbnail) {
    }

    private final Settings settings;
    private final Camera camera;
    private final Consumer<Event> sink;
    private Open open;

    public EventDetector(Settings settings, Camera camera, Consumer<Event> sink) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.camera = Objects.requireNonNull(camera, "camera");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** The next clip of this camera, in time order; {@code videoId} names the video it belongs to. */
    public void accept(String videoId, ClipResult clip) {
        if (!active(clip)) {
            return;
        }
        boolean wallClock = clip.wallStart() != null && clip.wallEnd() != null;
        long start = wallClock ? clip.wallStart() : Math.round(clip.startOffset() * 1000);
        long end = wallClock ? clip.wallEnd() : Math.round(clip.endOffset() * 1000);
        boolean sameTimeline = open != null && open.wallClock == wallClock && (wallClock || open.videoId.equals(videoId));
        if (sameTimeline && start - open.end <= Math.round(settings.mergeGapSeconds() * 1000)) {
            open.add(videoId, clip, start, end);
            return;
        }
        finish();
        open = new Open(wallClock, videoId, start);
        open.add(videoId, clip, start, end);
    }

    /** Emits the open event, if any (call after the camera's last clip). */
    public void finish() {
        if (open != null) {
            Open done = open;
            open = null;
            if ((done.end - done.start) / 1000.0 >= settings.minSeconds()) {
                sink.accept(done.toEvent());
            }
        }
    }

    boolean active(ClipResult clip) {
        if (clip.activity() != null && clip.activity() >= settings.activityThreshold()) {
            return true;
        }
        if (clip.counts() != null) {
            for (ClassStats stats : clip.counts().values()) {
                if (stats != null && stats.max() >= settings.minCount()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The event being built. */
    private final class Open {
        final boolean wallClock;
        final long start;
        final String videoId;
        long end;
        int clips;
        int sceneChanges;
        final Map<String, Integer> counts = new LinkedHashMap<>();
        ClipResult peak;
        String peakVideo;
        long peakMs;
        int peakDetections = -1;

        Open(boolean wallClock, String videoId, long start) {
            this.wallClock = wallClock;
            this.videoId = videoId;
            this.start = start;
            this.end = start;
        }

        void add(String video, ClipResult clip, long clipStart, long clipEnd) {
            end = Math.max(end, clipEnd);
            clips++;
            sceneChanges += clip.sceneChanges();
            int detections = 0;
            if (clip.counts() != null) {
                for (Map.Entry<String, ClassStats> e : clip.counts().entrySet()) {
                    if (e.getValue() != null) { // a class without figures (a broken row) counts nothing
                        counts.merge(e.getKey(), e.getValue().max(), Math::max);
                        detections += e.getValue().max();
                    }
                }
            }
            if (peak == null || higher(clip, detections)) {
                peak = clip;
                peakVideo = video;
                peakDetections = detections;
                double peakOffset = clip.peakOffset() != null ? clip.peakOffset() : clip.startOffset();
                peakMs = clipStart + Math.round((peakOffset - clip.startOffset()) * 1000);
            }
        }

        /** Most activity at the peak frame wins; with no activity (detector only), the most detections. */
        private boolean higher(ClipResult clip, int detections) {
            Double a = clip.peakActivity() != null ? clip.peakActivity() : clip.activity();
            Double b = peak.peakActivity() != null ? peak.peakActivity() : peak.activity();
            if (a != null && b != null) {
                return a > b;
            }
            if (a != null) {
                return true;
            }
            return b == null && detections > peakDetections;
        }

        Event toEvent() {
            Double activity = peak.peakActivity() != null ? peak.peakActivity() : peak.activity();
            return new Event(camera.deviceSerial(), camera.channelNo(), camera.name(), peakVideo, wallClock, start, end,
                    (end - start) / 1000.0, clips, activity, peakMs, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts)),
                    sceneChanges, peak.thumbnail());
        }
    }
}
