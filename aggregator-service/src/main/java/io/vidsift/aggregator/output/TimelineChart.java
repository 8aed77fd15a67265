package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.JobClock;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One camera's timeline as inline SVG: the share of each hour downloaded and analyzed, activity (hourly mean bars,
 * or one mark per clip where the chart is short enough: {@link ClipMarks}), a thin mark per event linked to its card
 * in the gallery, and hourly largest-count bars per detector class. Every mark has a {@code <title>} so that hovering
 * shows the exact times and errors; nothing is loaded from outside the file.
 */
final class TimelineChart {

    /** Below 1 % of the picture changing, an hour is drawn as still. */
    static final double ACTIVITY_FLOOR = 0.01;

    static final int WIDTH = 960;
    private static final int LEFT = 110;
    private static final int RIGHT = 16;
    private static final int TOP = 8;
    private static final int STRIP = 16;
    private static final int BARS = 44;
    private static final int GAP = 8;
    private static final int AXIS = 30;
    private static final int MAX_CLASS_LANES = 3;
    static final int MAX_LOCAL_BARS = 200;

    private final JobClock clock;

    /** A camera's clip marks, streamed while the chart is drawn (never held as a list). */
    @FunctionalInterface
    interface ClipLane {
        void forEach(Consumer<ClipMarks.Mark> each);
    }

    /** One event's span on its camera's chart; {@code ordinal} is its row in events.jsonl (0-based). */
    record EventMark(long ordinal, long startMs, long endMs, Double peakActivity, boolean inGallery) {

        static String id(long ordinal) {
            return "event-" + ordinal;
        }

        static String cardId(long ordinal) {
            return "card-" + ordinal;
        }
    }

    TimelineChart(JobClock clock) {
        this.clock = clock;
    }

    /**
     * One chart from a camera's (or the whole job's) hourly timeline: how much of each hour was downloaded and
     * analyzed (bar height = share of the requested hour), then activity and count bars. Its size depends on the
     * number of hours, never on the number of chunks or clips (clip marks, below, are capped).
     */
    String render(String label, List<Summary.HourBucket> hours) {
        return render(label, hours, null, List.of());
    }

    /**
     * @param clips  the camera's clips, drawn as the activity lane instead of hourly bars (null: hourly bars); the
     *               caller decides by {@link ClipMarks#fits}, and at most {@link ClipMarks#MAX_MARKS} are drawn
     * @param events the camera's events, drawn in a thin lane of their own (none: no lane)
     */
    String render(String label, List<Summary.HourBucket> hours, ClipLane clips, List<EventMark> events) {
        if (hours.isEmpty()) {
            return "<p class=\"empty\">No timeline yet for " + Html.escape(label) + ".</p>\n";
        }
        long t0 = hours.get(0).start();
        long t1 = clock.nextHour(hours.get(hours.size() - 1).start());
        TreeSet<String> classes = new TreeSet<>();
        hours.forEach(h -> classes.addAll(h.counts().keySet()));
        List<String> classLanes = classes.stream().limit(MAX_CLASS_LANES).toList();
        int height = TOP + (events.isEmpty() ? 2 : 3) * (STRIP + GAP) + (1 + classLanes.size()) * (BARS + GAP) + AXIS;
        Scale x = new Scale(t0, t1);

        StringBuilder svg = new StringBuilder(4096);
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " role=\"img\" aria-label=\"timeline of %s\">\n",
                WIDTH, height, WIDTH, height, Html.escape(label)));
        int y = TOP;
        lane(svg, "downloaded", y, STRIP);
        for (Summary.HourBucket hour : hours) {
            coverage(svg, "downloaded", x, hour, y, hour.downloadedSeconds(), hour.requestedSeconds(),
                    StatusColors.CHUNK.get("downloaded"));
        }
        y += STRIP + GAP;
        lane(svg, "analyzed", y, STRIP);
        for (Summary.HourBucket hour : hours) {
            coverage(svg, "analyzed", x, hour, y, hour.analyzedSeconds(), hour.requestedSeconds(),
                    StatusColors.VIDEO.get("analyzed"));
        }
        y += STRIP + GAP;
        lane(svg, clips == null ? "activity" : "activity per clip", y, BARS);
        // Activity is the fraction of the picture that changed, so a busy scene is a few percent: bars are scaled
        // to this camera's busiest hour, as the count lanes are, with a floor so that sensor noise stays flat.
        double activityScale = Math.max(ACTIVITY_FLOOR, hours.stream().map(Summary.HourBucket::activityMean)
                .filter(a -> a != null).mapToDouble(Double::doubleValue).max().orElse(0));
        if (clips != null) {
            // Scaled like the hourly bars, to the busiest clip (the hours' maxima are clip maxima).
            double clipScale = Math.max(ACTIVITY_FLOOR, hours.stream().map(Summary.HourBucket::activityMax)
                    .filter(a -> a != null).mapToDouble(Double::doubleValue).max().orElse(0));
            clipMarks(svg, x, clips, y, clipScale, t0, t1);
        }
        for (Summary.HourBucket hour : hours) {
            if (clips == null && hour.activityMean() != null) {
                bar(svg, "activity", x, hour, y, hour.activityMean(), activityScale, StatusColors.ACTIVITY,
                        String.format(Locale.ROOT, "%s: mean activity %.3f, max %.3f, %d clips", hour.hour(),
                                hour.activityMean(), hour.activityMax(), hour.clips()));
            }
        }
        y += BARS + GAP;
        if (!events.isEmpty()) {
            lane(svg, "events", y, STRIP);
            for (EventMark event : events) {
                eventMark(svg, x, event, y, t0, t1);
            }
            y += STRIP + GAP;
        }
        for (String name : classLanes) {
            lane(svg, name, y, BARS);
            int max = hours.stream().map(h -> h.counts().get(name)).filter(c -> c != null)
                    .mapToInt(Summary.ClassCount::max).max().orElse(0);
            for (Summary.HourBucket hour : hours) {
                Summary.ClassCount count = hour.counts().get(name);
                if (count != null) {
                    bar(svg, "count", x, hour, y, count.max(), Math.max(1, max), StatusColors.COUNT,
                            String.format(Locale.ROOT, "%s: %s max %d, mean %.2f", hour.hour(), name, count.max(), count.mean()));
                }
            }
            y += BARS + GAP;
        }
        axis(svg, x, t0, t1, y);
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** A mark per clip at its wall-clock span; still clips (under {@link #ACTIVITY_FLOOR}) are left as gaps. */
    private void clipMarks(StringBuilder svg, Scale x, ClipLane clips, int laneTop, double max, long t0, long t1) {
        int[] drawn = {0};
        clips.forEach(clip -> {
            if (drawn[0] >= ClipMarks.MAX_MARKS || clip.activity() < ACTIVITY_FLOOR) {
                return;
            }
            double begin = Math.max(t0, clip.startMs() / 1000.0);
            double end = Math.min(t1, clip.endMs() / 1000.0);
            if (end <= begin) {
                return;
            }
            drawn[0]++;
            double h = Math.max(1.0, BARS * Math.min(1.0, clip.activity() / max));
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"activity clip\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>%s</title></rect>\n",
                    x.at(begin), laneTop + BARS - h, Math.max(0.5, x.at(end) - x.at(begin)), h, StatusColors.ACTIVITY,
                    Html.escape(String.format(Locale.ROOT, "%s to %s: activity %.3f", clock.local(clip.startMs() / 1000),
                            clock.local(clip.endMs() / 1000), clip.activity()))));
        });
    }

    /** A thin mark over the event's span, at least 2 px wide; it links back to the event's card when shown. */
    private void eventMark(StringBuilder svg, Scale x, EventMark event, int laneTop, long t0, long t1) {
        double begin = Math.max(t0, event.startMs() / 1000.0);
        double end = Math.min(t1, event.endMs() / 1000.0);
        if (end < begin) {
            return;
        }
        String tip = "event " + clock.local(event.startMs() / 1000) + " to " + clock.local(event.endMs() / 1000)
                + (event.peakActivity() == null ? "" : String.format(Locale.ROOT, ", peak activity %.3f", event.peakActivity()));
        String rect = String.format(Locale.ROOT,
                "<rect class=\"event-mark\" id=\"%s\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>",
                EventMark.id(event.ordinal()), x.at(begin), laneTop, Math.max(2.0, x.at(end) - x.at(begin)), STRIP,
                StatusColors.EVENT, Html.escape(tip));
        svg.append(event.inGallery() ? "<a href=\"#" + EventMark.cardId(event.ordinal()) + "\">" + rect + "</a>\n" : rect + "\n");
    }

    private void lane(StringBuilder svg, String label, int y, int height) {
        svg.append(String.format(Locale.ROOT,
                "<text class=\"lane-label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n"
                        + "<rect class=\"lane\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f5f5f5\"/>\n",
                LEFT - 6, y + height / 2 + 4, Html.escape(label), LEFT, y, WIDTH - LEFT - RIGHT, height));
    }

    /** A bar whose height is the share of the hour covered (of the requested part, when something was requested). */
    private void coverage(StringBuilder svg, String cssClass, Scale x, Summary.HourBucket hour, int laneTop, long seconds,
                          long requested, String fill) {
        if (seconds <= 0) {
            return;
        }
        long whole = requested > 0 ? requested : clock.nextHour(hour.start()) - hour.start();
        double share = Math.min(1.0, (double) seconds / Math.max(1, whole));
        double h = Math.max(1.0, STRIP * share);
        double left = x.at(hour.start());
        double width = Math.max(1.0, x.width(hour.start(), clock.nextHour(hour.start())) - 0.5);
        svg.append(String.format(Locale.ROOT,
                "<rect class=\"%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>%s</title></rect>\n",
                cssClass, left, laneTop + STRIP - h, width, h, fill,
                Html.escape(String.format(Locale.ROOT, "%s: %s %d s of %d s", hour.hour(), cssClass, seconds, whole))));
    }

    private void bar(StringBuilder svg, String cssClass, Scale x, Summary.HourBucket hour, int laneTop, double value,
                     double max, String fill, String tip) {
        double h = Math.max(1.0, BARS * Math.min(1.0, value / max));
        double left = x.at(hour.start());
        double width = Math.max(1.0, x.width(hour.start(), clock.nextHour(hour.start())) - 2);
        svg.append(String.format(Locale.ROOT,
                "<rect class=\"%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>%s</title></rect>\n",
                cssClass, left + 1, laneTop + BARS - h, width, h, fill, Html.escape(tip)));
    }

    /** Hour ticks, thinned to about a dozen labels; the date is shown at the first tick and at each new day. */
    private void axis(StringBuilder svg, Scale x, long t0, long t1, int y) {
        long hours = Math.max(1, (t1 - t0) / 3600);
        long every = Math.max(1, (hours + 11) / 12);
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#757575\"/>\n",
                LEFT, y, WIDTH - RIGHT, y));
        String lastDay = null;
        long index = 0;
        for (long t = t0; t <= t1; t = clock.nextHour(t), index++) {
            if (index % every != 0) {
                continue;
            }
            double px = x.at(t);
            String day = clock.day(t);
            String label = clock.hourOfDay(t) + (day.equals(lastDay) ? "" : " " + day);
            lastDay = day;
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"tick\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#757575\"/>"
                            + "<text class=\"tick-label\" x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                    px, y, px, y + 5, px, y + 18, Html.escape(label)));
        }
    }

    /** Epoch seconds to pixels across the plot area. */
    private record Scale(long t0, long t1) {

        double at(double t) {
            return LEFT + (WIDTH - LEFT - RIGHT) * (double) (t - t0) / Math.max(1, t1 - t0);
        }

        double width(double begin, double end) {
            return at(end) - at(begin);
        }
    }

    /** One local video's bar: its mean activity over its clips and its status. */
    record LocalVideo(String videoId, String path, String status, boolean failed, Double activityMean) {
    }

    /** A bar per local video (the first {@link #MAX_LOCAL_BARS}), for jobs without a wall clock. */
    static String localBars(List<LocalVideo> shown, long total) {
        if (shown.isEmpty()) {
            return "<p class=\"empty\">No videos analyzed yet.</p>\n";
        }
        int height = 140;
        int plot = WIDTH - LEFT - RIGHT;
        double slot = (double) plot / shown.size();
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"timeline local\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " role=\"img\" aria-label=\"activity per video\">\n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT,
                "<text class=\"lane-label\" x=\"%d\" y=\"60\" text-anchor=\"end\">activity</text>"
                        + "<rect class=\"lane\" x=\"%d\" y=\"8\" width=\"%d\" height=\"100\" fill=\"#f5f5f5\"/>\n", LEFT - 6, LEFT, plot));
        for (int i = 0; i < shown.size(); i++) {
            LocalVideo video = shown.get(i);
            double mean = video.activityMean() == null ? 0 : video.activityMean();
            double h = Math.max(1, 100 * Math.min(1, mean));
            String fill = video.failed() ? StatusColors.VIDEO.get(video.status()) : StatusColors.ACTIVITY;
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"activity video status-%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>%s</title></rect>\n",
                    Html.escape(video.status()), LEFT + i * slot + 1, 108 - h, Math.max(1, slot - 2), h, fill,
                    Html.escape(video.path() + ": " + video.status() + String.format(Locale.ROOT, ", mean activity %.3f", mean))));
            if (shown.size() <= 30) {
                String name = video.path() == null ? video.videoId() : video.path().substring(video.path().lastIndexOf('/') + 1);
                svg.append(String.format(Locale.ROOT, "<text class=\"tick-label\" x=\"%.2f\" y=\"124\" text-anchor=\"middle\">%s</text>\n",
                        LEFT + (i + 0.5) * slot, Html.escape(name)));
            }
        }
        svg.append("</svg>\n");
        if (total > shown.size()) {
            svg.append(String.format(Locale.ROOT, "<p class=\"meta\">The first %d of %d videos; every video is in video_manifest.jsonl.</p>\n",
                    shown.size(), total));
        }
        return svg.toString();
    }

    static String legend(Map<String, String> colors, List<String> order) {
        StringBuilder out = new StringBuilder("<span class=\"legend\">");
        for (String key : order) {
            out.append("<span><i style=\"background:").append(colors.get(key)).append("\"></i>").append(Html.escape(key)).append("</span>");
        }
        return out.append("</span>").toString();
    }
}
