package io.vidsift.analyzer.clips;

import io.vidsift.analyzer.inference.FrameScore;
import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups frame scores into consecutive windows of {@code clipSeconds} over the video's timeline, from 0 to its
 * duration, so clips line up across cameras and with wall-clock time. Every window is reported (an empty one has
 * zero frames and no scores); the last one is shorter when the duration is not a multiple and is marked partial.
 * Scene changes ({@link SceneChange}) are counted, not averaged into the activity. Each clip names its peak frame
 * (most activity, or most detections) for event lists; the thumbnail is added later by whoever decodes it.
 */
public final class ClipBuilder {

    private final int clipSeconds;
    /** Epoch seconds of the video's first frame (the chunk's actual_begin), null when unknown (local files). */
    private final Long wallBegin;

    public ClipBuilder(int clipSeconds, Long wallBegin) {
        if (clipSeconds <= 0) {
            throw new IllegalArgumentException("clip_seconds must be > 0");
        }
        this.clipSeconds = clipSeconds;
        this.wallBegin = wallBegin;
    }

    public List<ClipResult> build(List<FrameScore> frames, double durationSeconds) {
        double duration = Math.max(durationSeconds, 1e-3);
        int count = Math.max(1, (int) Math.ceil(duration / clipSeconds - 1e-9));
        List<List<FrameScore>> buckets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            buckets.add(new ArrayList<>());
        }
        for (FrameScore f : frames) {
            int k = (int) Math.floor(f.offsetSeconds() / clipSeconds);
            buckets.get(Math.max(0, Math.min(count - 1, k))).add(f);
        }
        List<ClipResult> clips = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            double start = (double) k * clipSeconds;
            double end = Math.min((k + 1.0) * clipSeconds, duration);
            clips.add(clip(k, start, end, buckets.get(k)));
        }
        return clips;
    }

    private ClipResult clip(int index, double start, double end, List<FrameScore> frames) {
        boolean partial = end - start < clipSeconds - 1e-6;
        Double activity = null;
        List<Double> grid = null;
        int scored = 0;
        int sceneChanges = 0;
        double sum = 0;
        double[] cells = null;
        FrameScore peak = null;
        for (FrameScore f : frames) {
            if (f.activity() == null) {
                if (!f.counts().isEmpty() && (peak == null || detections(f) > detections(peak))) {
                    peak = f;
                }
                continue;
            }
            if (SceneChange.is(f)) {
                sceneChanges++;
                continue;
            }
            scored++;
            sum += f.activity();
            if (peak == null || f.activity() > peak.activity()) {
                peak = f;
            }
            if (f.grid() != null) {
                if (cells == null) {
                    cells = new double[f.grid().length];
                }
                for (int i = 0; i < cells.length; i++) {
                    cells[i] += f.grid()[i];
                }
            }
        }
        if (scored > 0) {
            activity = round(sum / scored);
            if (cells != null) {
                grid = new ArrayList<>(cells.length);
                for (double c : cells) {
                    grid.add(round(c / scored));
                }
            }
        }
        return new ClipResult(index, start, end, wall(start), wall(end), frames.size(), partial, activity, grid, counts(frames),
                sceneChanges, peak == null ? null : peak.offsetSeconds(),
                peak == null || peak.activity() == null ? null : round(peak.activity()), null);
    }

    private static int detections(FrameScore f) {
        int n = 0;
        for (int c : f.counts().values()) {
            n += c;
        }
        return n;
    }

    private static Map<String, ClassStats> counts(List<FrameScore> frames) {
        Map<String, int[]> max = new LinkedHashMap<>();
        Map<String, Double> sum = new LinkedHashMap<>();
        // The mean is over the frames the detector saw (they carry counts, zeros included): the activity gate may
        // leave part of a clip at its margin unseen, and those frames say nothing about how many were there.
        int seen = 0;
        for (FrameScore f : frames) {
            if (!f.counts().isEmpty()) {
                seen++;
            }
            for (Map.Entry<String, Integer> e : f.counts().entrySet()) {
                max.computeIfAbsent(e.getKey(), k -> new int[1]);
                max.get(e.getKey())[0] = Math.max(max.get(e.getKey())[0], e.getValue());
                sum.merge(e.getKey(), (double) e.getValue(), Double::sum);
            }
        }
        Map<String, ClassStats> stats = new LinkedHashMap<>();
        int detectorFrames = seen;
        max.forEach((cls, m) -> stats.put(cls, new ClassStats(m[0], round(sum.get(cls) / detectorFrames))));
        return stats;
    }

    private Long wall(double offsetSeconds) {
        return wallBegin == null ? null : wallBegin * 1000L + Math.round(offsetSeconds * 1000);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
