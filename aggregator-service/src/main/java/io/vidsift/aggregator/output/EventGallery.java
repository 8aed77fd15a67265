package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.JobClock;
import io.vidsift.common.events.EventDetector;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The report's review list: the job's first events as a gallery of peak-frame thumbnails, each linked to its mark on
 * its camera's timeline (and the mark back to the card). Thumbnails are inlined (data URIs) so the report stays one
 * self-contained file; the gallery is capped at {@link #SHOWN} events, the marks at {@link #MAX_MARKS} per charted
 * camera (every event is in events.jsonl).
 */
final class EventGallery {

    static final int SHOWN = 60;
    /** A thumbnail bigger than this is not inlined (the analyzer writes ~10 KB ones). */
    static final int MAX_THUMBNAIL_BYTES = 256 * 1024;
    /** Event marks kept per charted camera; with {@link ReportRenderer#CHARTS} cameras, memory stays bounded. */
    static final int MAX_MARKS = 500;

    /** A card: the event, its row in events.jsonl, and whether its camera's chart has a mark to link to. */
    private record Card(EventDetector.Event event, long ordinal, boolean marked) {
    }

    private final Set<String> charted;
    private final List<Card> cards = new ArrayList<>();
    private final Map<String, List<TimelineChart.EventMark>> marks = new HashMap<>();
    private long total;

    /** A gallery without timeline marks (no camera is charted). */
    EventGallery() {
        this(Set.of());
    }

    /** @param charted the anchors ({@link #cameraAnchor}) of the cameras whose charts the report draws */
    EventGallery(Set<String> charted) {
        this.charted = charted;
    }

    /** Collects what the gallery and the timelines show; pass to {@link JobEvents#scan}. */
    void add(EventDetector.Event event) {
        long ordinal = total++;
        boolean marked = false;
        if (event.wallClock() && event.deviceSerial() != null) {
            String anchor = cameraAnchor(event.deviceSerial(), event.channelNo());
            if (charted.contains(anchor)) {
                List<TimelineChart.EventMark> camera = marks.computeIfAbsent(anchor, a -> new ArrayList<>());
                if (camera.size() < MAX_MARKS) {
                    camera.add(new TimelineChart.EventMark(ordinal, event.startMs(), event.endMs(), event.peakActivity(),
                            ordinal < SHOWN));
                    marked = true;
                }
            }
        }
        if (cards.size() < SHOWN) {
            cards.add(new Card(event, ordinal, marked));
        }
    }

    private boolean charts(String cameraAnchor) {
        return cameraAnchor != null && charted.contains(cameraAnchor);
    }

    /** The marks for one camera's chart, in time order (empty for a camera without events). */
    List<TimelineChart.EventMark> marks(String cameraAnchor) {
        return marks.getOrDefault(cameraAnchor, List.of());
    }

    void render(Writer out, JobClock clock, Function<String, byte[]> thumbnails) throws IOException {
        out.write("<h2 id=\"events\">Events</h2>\n");
        if (total == 0) {
            out.write("<p class=\"empty\">No activity above the event threshold.</p>\n");
            return;
        }
        out.write(String.format(Locale.ROOT, "<p class=\"meta\">%d %s%s; every event is a row of events.jsonl.</p>\n",
                total, total == 1 ? "event" : "events", total > cards.size() ? ", the first " + cards.size() + " shown" : ""));
        out.write("<div class=\"gallery\">\n");
        for (Card card : cards) {
            EventDetector.Event e = card.event();
            out.write("<figure class=\"event\" id=\"" + TimelineChart.EventMark.cardId(card.ordinal()) + "\">");
            String camera = e.deviceSerial() == null ? null : cameraAnchor(e.deviceSerial(), e.channelNo());
            String anchor = card.marked() ? TimelineChart.EventMark.id(card.ordinal()) : charts(camera) ? camera : null;
            out.write(anchor == null ? "" : "<a href=\"#" + anchor + "\">");
            byte[] jpeg = e.thumbnail() == null ? null : thumbnails.apply(e.thumbnail());
            if (jpeg != null && jpeg.length > 0 && jpeg.length <= MAX_THUMBNAIL_BYTES) {
                out.write("<img alt=\"peak frame\" src=\"data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg) + "\">");
            } else {
                out.write("<div class=\"nothumb\">no thumbnail</div>");
            }
            out.write(anchor == null ? "" : "</a>");
            String name = Html.escape(camera(e));
            out.write("<figcaption>" + (charts(camera) ? "<a href=\"#" + camera + "\">" + name + "</a>" : name) + "<br>" + Html.escape(when(e, clock)) + "<br>"
                    + Html.escape(peak(e)) + "</figcaption></figure>\n");
        }
        out.write("</div>\n");
    }

    /** The id of a camera's timeline section (serials are letters, digits, '-' and '_'; see StorageLayout). */
    static String cameraAnchor(String deviceSerial, Integer channelNo) {
        return "camera-" + deviceSerial.replaceAll("[^A-Za-z0-9_-]", "_") + "-ch" + channelNo;
    }

    private static String camera(EventDetector.Event e) {
        if (e.deviceSerial() == null) {
            return e.cameraName() == null ? e.videoId() : e.cameraName();
        }
        return (e.cameraName() == null ? "" : e.cameraName() + " ") + "(" + e.deviceSerial() + " ch" + e.channelNo() + ")";
    }

    private static String when(EventDetector.Event e, JobClock clock) {
        String span = e.wallClock()
                ? clock.local(e.startMs() / 1000) + " to " + clock.local(e.endMs() / 1000)
                : String.format(Locale.ROOT, "%.1f s to %.1f s", e.startMs() / 1000.0, e.endMs() / 1000.0);
        return span + String.format(Locale.ROOT, " (%.0f s, %d clips)", e.durationSeconds(), e.clips());
    }

    private static String peak(EventDetector.Event e) {
        StringBuilder text = new StringBuilder();
        if (e.peakActivity() != null) {
            text.append(String.format(Locale.ROOT, "peak activity %.3f", e.peakActivity()));
        }
        for (Map.Entry<String, Integer> count : e.counts().entrySet()) {
            text.append(text.isEmpty() ? "" : ", ").append(count.getKey()).append(' ').append(count.getValue());
        }
        return text.toString();
    }
}
