package io.vidsift.common.messages;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

/**
 * What the clips of one video that start in one quarter hour of wall time add up to: how many, the activity sum,
 * count and maximum, and per detector class the largest count, the sum of clip means and how many clips had it.
 * <p>
 * The analyzer sends these with each analysis (VideoAnalyzed.clip_sums) so that the aggregator can add a video to
 * its cameras' hourly timelines without reading the clip file: 60 rows per 10-minute video are most of the
 * aggregator's work otherwise. Period hours because every time zone in use is offset from UTC by a whole number of
 * them (+5:45, +8:45 included), so a quarter lies inside one hour of any job's zone; the aggregator checks that
 * and reads the file when it does not hold. {@code start} is the quarter's first second (epoch seconds, a multiple
 * of {@link #QUARTER_SECONDS}), or null for the clips without a wall time (local videos).
 */
public record ClipSums(Long start, int clips, double activitySum, int activityCount, Double activityMax,
                       Map<String, ClassSums> classes) {

    public static final int QUARTER_SECONDS = 900;

    /** One detector class over the clips of a quarter. */
    public record ClassSums(int max, double meanSum, int count) {
    }

    /** The clips' sums per quarter hour of their wall start, in time order (the quarter without wall time last). */
    public static List<ClipSums> of(CloudWindow window, List<ClipResult> clips) {
        return by(window, clips, second -> Math.floorDiv(second, QUARTER_SECONDS) * QUARTER_SECONDS);
    }

    /**
     * The clips' sums per period of their wall start: {@code periodStart} maps a clip's wall start (epoch seconds) to
     * the first second of its period (a quarter hour for the analyzer, a local hour for a reader of the clip rows).
     */
    public static List<ClipSums> by(CloudWindow window, List<ClipResult> clips, LongUnaryOperator periodStart) {
        Map<Long, Period> periods = new TreeMap<>();
        Period untimed = null;
        for (ClipResult clip : clips) {
            Long wall = ClipTimes.wallStart(window, clip);
            if (wall != null) {
                periods.computeIfAbsent(periodStart.applyAsLong(Math.floorDiv(wall, 1000)), Period::new).add(clip);
            } else {
                if (untimed == null) {
                    untimed = new Period(null);
                }
                untimed.add(clip);
            }
        }
        List<ClipSums> sums = new ArrayList<>(periods.size() + 1);
        periods.values().forEach(p -> sums.add(p.sums()));
        if (untimed != null) {
            sums.add(untimed.sums());
        }
        return sums;
    }

    /** The number of clips over all periods. */
    public static long total(List<ClipSums> sums) {
        long total = 0;
        for (ClipSums s : sums) {
            total += s.clips();
        }
        return total;
    }

    /** A period's sums while its clips are added. */
    private static final class Period {
        final Long start;
        int clips;
        double activitySum;
        int activityCount;
        Double activityMax;
        final Map<String, ClassSums> classes = new TreeMap<>();

        Period(Long start) {
            this.start = start;
        }

        void add(ClipResult clip) {
            clips++;
            if (clip.activity() != null) {
                activitySum += clip.activity();
                activityCount++;
                activityMax = activityMax == null ? clip.activity() : Math.max(activityMax, clip.activity());
            }
            if (clip.counts() != null) {
                clip.counts().forEach((name, stats) -> {
                    if (stats != null) { // a class without figures (a hostile or broken row) adds nothing
                        classes.merge(name, new ClassSums(stats.max(), stats.mean(), 1),
                                (a, b) -> new ClassSums(Math.max(a.max(), b.max()), a.meanSum() + b.meanSum(), a.count() + b.count()));
                    }
                });
            }
        }

        ClipSums sums() {
            return new ClipSums(start, clips, activitySum, activityCount, activityMax, Collections.unmodifiableMap(classes));
        }
    }
}
