package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.Camera;
import io.vidsift.aggregator.domain.EventTimes;
import io.vidsift.aggregator.domain.JobSnapshot;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.VideoAnalyzed;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no external asset) with the job's
 * state, a status table per camera, a timeline chart per camera and the list of failures with their last error.
 */
public final class ReportRenderer {

    private static final List<String> CHUNK_STATUSES = Arrays.stream(DownloadStatus.values()).map(DownloadStatus::key).toList();
    private static final List<String> VIDEO_STATUSES = Arrays.stream(AnalysisStatus.values()).map(AnalysisStatus::key).toList();

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#212121;background:#fff}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}
            .meta{color:#616161}.state{display:inline-block;padding:2px 8px;border-radius:10px;color:#fff;background:#546e7a}
            .state.completed{background:#2e7d32}.state.completed_with_failures{background:#c62828}
            .progress{width:320px;height:10px;background:#eee;border-radius:5px;display:inline-block;vertical-align:middle}
            .progress>span{display:block;height:10px;background:#1565c0;border-radius:5px}
            table{border-collapse:collapse;margin:6px 0;font-size:13px}th,td{border:1px solid #e0e0e0;padding:3px 6px;text-align:right}
            th{background:#fafafa}td.text,th.text{text-align:left}td.error{color:#b71c1c;text-align:left}
            svg text{font:11px system-ui,sans-serif;fill:#424242}
            .legend span{margin-right:12px;white-space:nowrap}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
            .empty{color:#757575;font-style:italic}
            """;

    private ReportRenderer() {
    }

    public static String render(JobSnapshot job, Summary summary) {
        JobClock clock = new JobClock(job.zone());
        StringBuilder html = new StringBuilder(16_384);
        String title = "vidsift report: " + (summary.name() == null ? job.jobId() : summary.name());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        header(html, job, summary);
        statusTable(html, summary);
        charts(html, job, summary, clock);
        failures(html, job, clock);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, JobSnapshot job, Summary summary) {
        html.append("<h1>").append(Html.escape(summary.name() == null ? job.jobId() : summary.name())).append("</h1>\n");
        html.append(String.format(Locale.ROOT,
                "<p class=\"meta\">job <code>%s</code> · mode %s%s · timezone %s · <span class=\"state %s\">%s</span>"
                        + " <span class=\"progress\"><span style=\"width:%.1f%%\"></span></span> %.1f%%</p>\n",
                Html.escape(job.jobId()), Html.escape(summary.mode()), summary.dryRun() ? " (dry run)" : "",
                Html.escape(summary.timezone()), Html.escape(summary.state()), Html.escape(summary.state()),
                summary.progress() * 100, summary.progress() * 100));
        JobClock clock = new JobClock(job.zone());
        html.append("<p class=\"meta\">planned ").append(Html.escape(local(clock, summary.plannedAt())))
                .append(" · started ").append(Html.escape(local(clock, summary.startedAt())))
                .append(" · finished ").append(Html.escape(local(clock, summary.finishedAt()))).append("</p>\n");
    }

    private static void statusTable(StringBuilder html, Summary summary) {
        html.append("<h2>Status</h2>\n<table class=\"status\">\n<tr><th class=\"text\">camera</th>");
        // Spaces instead of underscores let the headers wrap, so the table fits beside the charts.
        CHUNK_STATUSES.forEach(s -> html.append("<th>").append(s.replace('_', ' ')).append("</th>"));
        VIDEO_STATUSES.forEach(s -> html.append("<th>").append(s.replace('_', ' ')).append("</th>"));
        html.append("<th>hours requested</th><th>hours downloaded</th><th>hours analyzed</th><th>clips</th></tr>\n");
        for (Summary.CameraSummary camera : summary.cameras()) {
            Camera id = new Camera(camera.deviceSerial(), camera.channelNo(), camera.name());
            html.append("<tr><td class=\"text\">").append(Html.escape(id.label())).append("</td>");
            CHUNK_STATUSES.forEach(s -> html.append("<td>").append(camera.chunksByStatus().get(s)).append("</td>"));
            VIDEO_STATUSES.forEach(s -> html.append("<td>").append(camera.videosByStatus().get(s)).append("</td>"));
            html.append("<td>").append(hours(camera.hoursRequested())).append("</td><td>").append(hours(camera.hoursDownloaded()))
                    .append("</td><td>").append(hours(camera.hoursAnalyzed())).append("</td><td>").append(camera.clips())
                    .append("</td></tr>\n");
        }
        Summary.Totals t = summary.totals();
        html.append("<tr><th class=\"text\">total</th>");
        CHUNK_STATUSES.forEach(s -> html.append("<th>").append(t.chunksByStatus().get(s)).append("</th>"));
        VIDEO_STATUSES.forEach(s -> html.append("<th>").append(t.videosByStatus().get(s)).append("</th>"));
        html.append("<th>").append(hours(t.hoursRequested())).append("</th><th>").append(hours(t.hoursDownloaded()))
                .append("</th><th>").append(hours(t.hoursAnalyzed())).append("</th><th>").append(t.clips()).append("</th></tr>\n</table>\n");
        html.append(String.format(Locale.ROOT, "<p class=\"meta\">%d chunks planned, %d files planned.</p>\n",
                t.chunksPlanned(), t.filesPlanned()));
    }

    private static void charts(StringBuilder html, JobSnapshot job, Summary summary, JobClock clock) {
        html.append("<h2>Timelines</h2>\n<p>").append(TimelineChart.legend(StatusColors.CHUNK, CHUNK_STATUSES)).append(" ")
                .append(TimelineChart.legend(StatusColors.VIDEO, VIDEO_STATUSES)).append("</p>\n");
        TimelineChart chart = new TimelineChart(clock);
        for (Summary.CameraSummary camera : summary.cameras()) {
            Camera id = new Camera(camera.deviceSerial(), camera.channelNo(), camera.name());
            List<DownloadRecorded> chunks = job.chunks().stream().filter(c -> id.holds(c.window())).toList();
            List<VideoAnalyzed> videos = job.videos().stream().filter(v -> id.holds(v.window())).toList();
            html.append("<section class=\"camera\" data-camera=\"").append(Html.escape(id.label())).append("\">\n<h3>")
                    .append(Html.escape(id.label())).append("</h3>\n");
            html.append(camera.deviceSerial() == null ? TimelineChart.localBars(videos) : chart.render(id, camera, chunks, videos));
            html.append("</section>\n");
        }
    }

    private static void failures(StringBuilder html, JobSnapshot job, JobClock clock) {
        List<DownloadRecorded> chunks = job.chunks().stream().filter(c -> c.status().failed()).toList();
        List<VideoAnalyzed> videos = job.videos().stream().filter(v -> v.status().failed()).toList();
        html.append("<h2>Failures</h2>\n");
        if (chunks.isEmpty() && videos.isEmpty()) {
            html.append("<p class=\"empty\">None.</p>\n");
            return;
        }
        if (!chunks.isEmpty()) {
            html.append("<table class=\"failures chunks\">\n<tr><th class=\"text\">camera</th><th class=\"text\">requested</th>"
                    + "<th class=\"text\">status</th><th>retry_count</th><th class=\"text\">last_error</th></tr>\n");
            for (DownloadRecorded chunk : chunks) {
                html.append("<tr><td class=\"text\">").append(Html.escape(Camera.of(chunk.window()).label()))
                        .append("</td><td class=\"text\">").append(Html.escape(clock.local(chunk.window().requestedBegin())
                                + " – " + clock.local(chunk.window().requestedEnd())))
                        .append("</td><td class=\"text\">").append(chunk.status().key())
                        .append("</td><td>").append(chunk.retryCount())
                        .append("</td><td class=\"error\">").append(Html.escape(chunk.lastError())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        if (!videos.isEmpty()) {
            html.append("<table class=\"failures videos\">\n<tr><th class=\"text\">camera</th><th class=\"text\">path</th>"
                    + "<th class=\"text\">status</th><th class=\"text\">error</th></tr>\n");
            for (VideoAnalyzed video : videos) {
                html.append("<tr><td class=\"text\">").append(Html.escape(Camera.of(video.window()).label()))
                        .append("</td><td class=\"text\">").append(Html.escape(video.path()))
                        .append("</td><td class=\"text\">").append(video.status().key())
                        .append("</td><td class=\"error\">").append(Html.escape(video.error())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
    }

    private static String hours(Double hours) {
        return hours == null ? "–" : String.format(Locale.ROOT, "%.2f", hours);
    }

    /** Event times are UTC ISO-8601 on the wire; the operator reads them in the job's timezone. */
    private static String local(JobClock clock, String iso) {
        Instant at = EventTimes.instant(iso);
        return at == null ? "–" : clock.local(at.getEpochSecond());
    }
}
