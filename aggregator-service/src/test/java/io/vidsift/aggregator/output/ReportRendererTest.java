package io.vidsift.aggregator.output;

import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.Fixture;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.Device;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.config.SourceMode;
import io.vidsift.common.config.TimeRange;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.Schema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ReportRendererTest {

    private static String render(Folded folded, String jobId) {
        StringWriter out = new StringWriter();
        try {
            ReportRenderer.render(out, folded.tables(), folded.totals(jobId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static int count(String html, String regex) {
        return (int) Pattern.compile(regex).matcher(html).results().count();
    }

    @Test
    void aChartPerCameraAndAJobTimelineAndNothingExternal() {
        String html = render(Folded.of(Fixture.load("job-fx-cloud").events()), "job-fx-cloud");
        assertThat(count(html, "<section class=\"camera\"")).isEqualTo(2);
        assertThat(count(html, "<svg class=\"timeline\"")).isEqualTo(3);
        assertThat(count(html, "<rect class=\"downloaded\"")).isPositive();
        assertThat(count(html, "<rect class=\"analyzed\"")).isPositive();
        assertThat(count(html, "<rect class=\"activity\"")).isPositive();
        assertThat(html).contains("download: timed out after 600 s", "API code 10001: system error", "2026-02-03 09:00:00")
                .doesNotContain("<script", "src=", "href=", "@import", "url(");
    }

    @Test
    void textFromEventsIsEscaped() {
        Folded folded = Folded.of(List.of(AggregatorEvent.of(Events.cloudJob("job-x", "/out", 1, false)),
                AggregatorEvent.of(Events.download("job-x", 0, DownloadStatus.DOWNLOAD_FAILED, 1, 1, "<script>alert(1)</script> & more", false))));
        String html = render(folded, "job-x");
        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
    }

    @Test
    void hostileDeviceNamesAndSerialsAreEscapedEverywhere() {
        String name = "\"><img onerror=alert(1) src=x><script>x</script>";
        String serial = "DEV<b>'1'</b>";
        JobPlanned plan = plan("job-h", List.of(new Device(serial, 1, name)), 1);
        CloudWindow window = new CloudWindow(serial, 1, name, Events.BEGIN, Events.BEGIN + 600, Events.BEGIN, Events.BEGIN + 600);
        DownloadRecorded failed = new DownloadRecorded(Schema.VERSION, "job-h", Ids.chunkId("job-h", serial, 1, Events.BEGIN, Events.BEGIN + 600),
                "hik_cloud", window, null, null, DownloadStatus.ADDRESS_FAILED, 0, "code 1 for " + name, null, null, false, Events.at(1), null);
        String html = render(Folded.of(List.of(AggregatorEvent.of(plan), AggregatorEvent.of(failed))), "job-h");
        assertThat(html).doesNotContain("<img", "<script>", "<b>")
                .contains("&quot;&gt;&lt;img onerror=alert(1) src=x&gt;&lt;script&gt;x&lt;/script&gt;", "DEV&lt;b&gt;&#39;1&#39;&lt;/b&gt;");
    }

    @Test
    void aThousandCamerasStayReadable() {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            devices.add(new Device(String.format("CAM%04d", i), 1, "camera " + i));
        }
        String html = render(Folded.of(List.of(AggregatorEvent.of(plan("job-k", devices, 24 * 6)))), "job-k");
        assertThat(count(html, "<details")).isEqualTo(10);
        assertThat(count(html, "<section class=\"camera\"")).isEqualTo(ReportRenderer.CHARTS);
        assertThat(count(html, "<svg class=\"timeline\"")).isEqualTo(ReportRenderer.CHARTS + 1);
        assertThat(html).contains("Charts for the first 50 of 1000 cameras", "cameras 901–1000 of 1000");
        assertThat(html.length()).as("bytes of report.html").isLessThan(8_000_000);
    }

    @Test
    void aLocalJobGetsBarsPerVideo() {
        String html = render(Folded.of(Fixture.load("job-fx-local").events()), "job-fx-local");
        assertThat(count(html, "<svg class=\"timeline local\"")).isEqualTo(1);
        assertThat(count(html, "<rect class=\"activity video ")).isEqualTo(3);
        assertThat(html).contains("decode: invalid NAL unit size at 00:00:04");
    }

    private static JobPlanned plan(String jobId, List<Device> devices, int chunks) {
        HikCloudConfig hik = new HikCloudConfig("http://127.0.0.1:1", HikCloudConfig.DEFAULT_DOWNLOAD_PATH,
                HikCloudConfig.DEFAULT_TOKEN_PATH, HikCloudConfig.DEFAULT_ACCESS_TOKEN_ENV, null, null, 600, 60, 600,
                devices, List.of(new TimeRange(Events.BEGIN, Events.BEGIN + 600L * chunks)));
        JobConfig config = new JobConfig(jobId, false, SourceMode.HIK_CLOUD, null, hik, "Asia/Shanghai", "/out", "/out",
                AnalysisConfig.defaults());
        return JobPlanned.of(jobId, "2026-02-03T01:00:00Z", config, devices.size(), 1, (long) chunks * devices.size(), 0);
    }
}
