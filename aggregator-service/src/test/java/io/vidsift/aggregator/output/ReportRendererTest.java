package io.vidsift.aggregator.output;

import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.Fixture;
import io.vidsift.aggregator.domain.JobLedger;
import io.vidsift.aggregator.domain.JobSnapshot;
import io.vidsift.common.messages.DownloadStatus;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ReportRendererTest {

    private static String render(JobSnapshot job) {
        return ReportRenderer.render(job, SummaryBuilder.of(job));
    }

    private static JobSnapshot fold(String jobId) {
        JobLedger ledger = new JobLedger();
        Fixture.load(jobId).messages().forEach(ledger::apply);
        return ledger.snapshot(jobId).orElseThrow();
    }

    private static int count(String html, String regex) {
        return (int) Pattern.compile(regex).matcher(html).results().count();
    }

    @Test
    void aChartPerCameraWithAMarkPerChunkAndNothingExternal() {
        String html = render(fold("job-fx-cloud"));
        assertThat(count(html, "<svg class=\"timeline\"")).isEqualTo(2);
        assertThat(count(html, "<rect class=\"chunk ")).isEqualTo(6);
        assertThat(count(html, "<rect class=\"video ")).isEqualTo(3);
        assertThat(count(html, "<rect class=\"activity\"")).isEqualTo(1);
        assertThat(count(html, "<rect class=\"count\"")).isEqualTo(1);
        assertThat(html).contains("download: timed out after 600 s", "API code 10001: system error", "2026-02-03 09:00:00")
                .doesNotContain("<script", "src=", "href=", "@import", "url(");
    }

    @Test
    void textFromEventsIsEscaped() {
        JobLedger ledger = new JobLedger();
        ledger.apply(Events.cloudJob("job-x", "/out", 1, false));
        ledger.apply(Events.download("job-x", 0, DownloadStatus.DOWNLOAD_FAILED, 1, 1, "<script>alert(1)</script> & more", false));
        String html = render(ledger.snapshot("job-x").orElseThrow());
        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
    }

    @Test
    void aLocalJobGetsBarsPerVideo() {
        String html = render(fold("job-fx-local"));
        assertThat(count(html, "<svg class=\"timeline local\"")).isEqualTo(1);
        assertThat(count(html, "<rect class=\"activity video ")).isEqualTo(3);
        assertThat(html).contains("decode: invalid NAL unit size at 00:00:04");
    }
}
