package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The rate and ETA of a watched job, from the statuses seen over the last {@link #WINDOW_NANOS}: work items
 * finished per second (chunks with a final download status plus analysed videos) and the time left at the
 * progress rate of that window. Times are passed in, so the arithmetic is tested without a clock.
 */
final class ProgressRate {

    static final long WINDOW_NANOS = 60_000_000_000L;

    private record Sample(long nanos, double progress, long done) {
    }

    private final List<Sample> samples = new ArrayList<>();

    void observe(long nanos, JsonNode status) {
        long done = status.path("chunks").path("terminal").asLong() + status.path("videos").path("analyzed").asLong();
        observe(nanos, status.path("progress").asDouble(0), done);
    }

    void observe(long nanos, double progress, long done) {
        samples.add(new Sample(nanos, progress, done));
        // Keep the newest sample at or before the window's start, so the window spans WINDOW_NANOS once it can.
        while (samples.size() > 2 && nanos - samples.get(1).nanos >= WINDOW_NANOS) {
            samples.remove(0);
        }
    }

    /** e.g. {@code "2.5/s eta 1:04"}, {@code "40/min eta 12:30"}; {@code "eta --"} until something has finished. */
    String describe() {
        if (samples.size() < 2) {
            return "eta --";
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        double seconds = (last.nanos - first.nanos) / 1e9;
        long done = last.done - first.done;
        double gained = last.progress - first.progress;
        if (seconds <= 0 || done <= 0 || gained <= 0) {
            return "eta --";
        }
        double perSecond = done / seconds;
        String rate = perSecond >= 1 ? String.format("%.1f/s", perSecond) : String.format("%.0f/min", perSecond * 60);
        long left = Math.round(Math.max(0, 1 - last.progress) * seconds / gained);
        return rate + " eta " + clock(left);
    }

    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, s) : String.format("%d:%02d", m, s);
    }
}
