package io.vidsift.aggregator.output;

import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.common.messages.DownloadStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The activity lane at the clips' own resolution, from clip files on storage: a one-hour job of a quiet scene with
 * two bursts gives clip marks at the bursts and nothing between them, with an event mark per burst linked to its
 * gallery card and back; a job too long or with too many clips for one chart keeps the hourly bars.
 */
class ClipTimelineTest {

    private static final Pattern CLIP_MARK = Pattern.compile("<rect class=\"activity clip\" x=\"([0-9.]+)\" y=\"[0-9.]+\" width=\"([0-9.]+)\"");
    private static final Pattern HOUR_BAR = Pattern.compile("<rect class=\"activity\" ");
    /** Plot area of a chart (TimelineChart: LEFT 110, RIGHT 16, WIDTH 960). */
    private static final double LEFT = 110;
    private static final double PLOT = 960 - 110 - 16;

    @TempDir
    Path storage;

    /** One hour in six 10-minute chunks of 10 s clips; busy from minute 10 to 15 and from minute 40 to 45. */
    static double bursts(int second) {
        int minute = second / 60;
        return (minute >= 10 && minute < 15) || (minute >= 40 && minute < 45) ? 0.2 : 0.0;
    }

    @Test
    void aOneHourJobWithTwoBurstsHasClipMarksAtTheBurstsAndGapsBetween() throws IOException {
        String html = report("job-bursts", 6, 10, ClipTimelineTest::bursts);

        List<double[]> marks = marks(html);
        assertThat(marks).as("one mark per active clip: 2 bursts of 5 minutes of 10 s clips").hasSize(60);
        assertThat(HOUR_BAR.matcher(html).results().count()).as("hourly activity bars").isZero();
        // The chart spans the requested hour, so a second is PLOT/3600 px.
        double px = PLOT / 3600;
        for (double[] mark : marks) {
            double second = (mark[0] - LEFT) / px;
            assertThat(second).as("mark at x=%s", mark[0]).satisfiesAnyOf(
                    s -> assertThat(s).isBetween(600 - 0.5, 900 + 0.5), s -> assertThat(s).isBetween(2400 - 0.5, 2700 + 0.5));
            assertThat(mark[1] / px).as("a mark is its clip's 10 s wide").isCloseTo(10, org.assertj.core.data.Offset.offset(0.1));
        }
        assertThat(marks.stream().filter(m -> (m[0] - LEFT) / px > 905 && (m[0] - LEFT) / px < 2395)).as("marks in the gap").isEmpty();

        assertThat(html).contains("activity per clip", "2 events")
                .contains("<figure class=\"event\" id=\"card-0\"><a href=\"#event-0\">", "<figure class=\"event\" id=\"card-1\"><a href=\"#event-1\">")
                .contains("<a href=\"#card-0\"><rect class=\"event-mark\" id=\"event-0\"", "<a href=\"#card-1\"><rect class=\"event-mark\" id=\"event-1\"")
                .contains("<a href=\"#camera-DEV1-ch1\">")
                .doesNotContain("<script", "src=\"http", "href=\"http", "@import", "url(");
        Matcher event0 = Pattern.compile("id=\"event-0\" x=\"([0-9.]+)\" y=\"[0-9]+\" width=\"([0-9.]+)\"").matcher(html);
        assertThat(event0.find()).isTrue();
        assertThat((Double.parseDouble(event0.group(1)) - LEFT) / px).isCloseTo(600, org.assertj.core.data.Offset.offset(0.5));
        assertThat(Double.parseDouble(event0.group(2)) / px).isCloseTo(300, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void oneEventIsSingular() throws IOException {
        String html = report("job-one", 1, 10, second -> second >= 100 && second < 130 ? 0.3 : 0);
        assertThat(html).contains("1 event;", "1 camera,").doesNotContain("1 events", "1 cameras");
        assertThat(marks(html)).hasSize(3);
    }

    @Test
    void hostileCameraNamesStayEscapedInTheGalleryAndCharts() throws IOException {
        String name = "\"><img onerror=alert(1) src=x><script>x</script>";
        String serial = "DEV<b>'1'</b>";
        ClipJob job = new ClipJob(storage, storage.resolve("written"));
        List<AggregatorEvent> events = new ArrayList<>();
        events.add(AggregatorEvent.of(Events.cloudJob("job-hostile", storage.resolve("out").toString(), 1, false)));
        events.add(AggregatorEvent.of(job.analysed("job-hostile", 0, 10, second -> second < 30 ? 0.3 : 0, serial, name)));
        String html = Files.readString(job.write("job-hostile", events).resolve("report.html"));

        assertThat(marks(html)).hasSize(3);
        assertThat(html).doesNotContain("<img", "<script>", "<b>")
                .contains("&quot;&gt;&lt;img onerror=alert(1) src=x&gt;&lt;script&gt;x&lt;/script&gt;", "DEV&lt;b&gt;&#39;1&#39;&lt;/b&gt;")
                .contains("<section class=\"camera\" id=\"camera-DEV_b__1___b_-ch1\"", "<a href=\"#camera-DEV_b__1___b_-ch1\">",
                        "<a href=\"#event-0\">", "id=\"event-0\"");
    }

    @Test
    void aThirtyDayJobKeepsTheHourlyBars() throws IOException {
        int chunks = 30 * 24 * 6;
        List<AggregatorEvent> events = new ArrayList<>();
        events.add(AggregatorEvent.of(Events.cloudJob("job-month", storage.resolve("out").toString(), chunks, false)));
        for (int day = 0; day < 30; day++) {
            int chunk = day * 24 * 6;
            events.add(AggregatorEvent.of(Events.download("job-month", chunk, DownloadStatus.DOWNLOADED, day)));
            events.add(AggregatorEvent.of(new ClipJob(storage, storage.resolve("written")).analysed("job-month", chunk, 10, second -> 0.2)));
        }
        String html = write("job-month", events);

        assertThat(marks(html)).as("clip marks").isEmpty();
        assertThat(HOUR_BAR.matcher(html).results().count()).as("an hourly bar per analyzed hour").isEqualTo(30);
        assertThat(html).doesNotContain("activity per clip");
    }

    @Test
    void clipMarksStayUnderTheRule() throws IOException {
        // 1800 active 2 s clips in an hour: every one drawn, under the cap.
        assertThat(marks(report("job-1800", 6, 2, second -> 0.1))).hasSize(1800).hasSizeLessThanOrEqualTo(ClipMarks.MAX_MARKS);
        // 3600 active 1 s clips: over the cap, so the hour is one hourly bar again.
        String busy = report("job-3600", 6, 1, second -> 0.1);
        assertThat(marks(busy)).isEmpty();
        assertThat(HOUR_BAR.matcher(busy).results().count()).isEqualTo(1);
    }

    @Test
    void theRuleNeedsFewClipsAndAShortSpan() {
        List<Summary.HourBucket> day = hours(24);
        assertThat(ClipMarks.fits(ClipMarks.MAX_MARKS, day)).isTrue();
        assertThat(ClipMarks.fits(ClipMarks.MAX_MARKS + 1, day)).isFalse();
        assertThat(ClipMarks.fits(0, day)).isFalse();
        assertThat(ClipMarks.fits(10, hours(ClipMarks.MAX_HOURS))).isTrue();
        assertThat(ClipMarks.fits(10, hours(ClipMarks.MAX_HOURS + 1))).isFalse();
        assertThat(ClipMarks.fits(10, List.of())).isFalse();
    }

    private static List<Summary.HourBucket> hours(int n) {
        List<Summary.HourBucket> hours = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hours.add(new Summary.HourBucket("h" + i, Events.BEGIN + 3600L * i, 3600, 0, 0, 0, null, null, java.util.Map.of()));
        }
        return hours;
    }

    private String report(String jobId, int chunks, int clipSeconds, IntToDoubleFunction activity) throws IOException {
        return Files.readString(new ClipJob(storage, storage.resolve("written")).report(jobId, chunks, clipSeconds, activity).resolve("report.html"));
    }

    private String write(String jobId, List<AggregatorEvent> events) throws IOException {
        return Files.readString(new ClipJob(storage, storage.resolve("written")).write(jobId, events).resolve("report.html"));
    }

    /** Each clip mark's x and width. */
    static List<double[]> marks(String html) {
        List<double[]> marks = new ArrayList<>();
        Matcher m = CLIP_MARK.matcher(html);
        while (m.find()) {
            marks.add(new double[]{Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        return marks;
    }
}
