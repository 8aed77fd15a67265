package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.Camera;
import io.vidsift.aggregator.domain.CameraTotals;
import io.vidsift.aggregator.domain.EventTimes;
import io.vidsift.aggregator.domain.JobClock;
import io.vidsift.aggregator.domain.JobFigures;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.domain.JobTotals;
import io.vidsift.aggregator.domain.Keys;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.VideoAnalyzed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no external asset) with the job's
 * state, a status table per camera, timelines and the failures with their last error. Written as a stream from
 * the job's counters and hour buckets. A job of a thousand cameras stays readable: the status table comes in
 * collapsible groups of {@value #GROUP} cameras, the timeline of the whole job comes first, detailed charts are
 * drawn for the first {@value #CHARTS} cameras (every camera's hourly figures are in summary.json), and at most
 * {@value #FAILURES} failures of each kind are listed (all are in the manifests).
 */
public final class ReportRenderer {

    static final int GROUP = 100;
    static final int CHARTS = 50;
    static final int FAILURES = 200;

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
            summary{cursor:pointer;color:#1565c0;margin:4px 0}
            svg text{font:11px system-ui,sans-serif;fill:#424242}
            .legend span{margin-right:12px;white-space:nowrap}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
            .empty{color:#757575;font-style:italic}
            .gallery{display:flex;flex-wrap:wrap;gap:8px}
            .event{margin:0;width:200px;font-size:12px}
            .event img,.nothumb{width:200px;height:112px;object-fit:cover;background:#eee;display:block}
            .nothumb{line-height:112px;text-align:center;color:#757575}
            """;

    private ReportRenderer() {
    }

    /** The report without events and with hourly activity only (no clip rows are read). */
    public static void render(Writer out, JobTables tables, JobTotals totals) throws IOException {
        render(out, tables, totals, null, path -> null, null);
    }

    /**
     * @param gallery the job's events (null: a dry run, which has none)
     * @param clips   where the clip rows are, for charts drawn at the clips' resolution (null: hourly only)
     */
    static void render(Writer out, JobTables tables, JobTotals totals, EventGallery gallery,
                       java.util.function.Function<String, byte[]> thumbnails, VideoClips clips) throws IOException {
        JobFigures figures = new JobFigures(totals);
        JobClock clock = new JobClock(totals.zone());
        CameraSummaries cameras = new CameraSummaries(tables, totals.jobId(), clock);
        String title = totals.name() == null ? totals.jobId() : totals.name();
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        out.write(Html.escape("vidsift report: " + title));
        out.write("</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n");
        try {
            header(out, totals, figures, clock, title);
            statusTable(out, cameras, SummaryFile.totals(cameras, totals, figures), count(tables, totals.jobId()));
            if (gallery != null) {
                gallery.render(out, clock, thumbnails);
            }
            charts(out, tables, totals, cameras, clock, gallery,
                    clips == null ? null : new ClipMarks(tables, totals.jobId(), clips));
            failures(out, tables, totals, figures, clock);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.write("</body>\n</html>\n");
    }

    private static void header(Writer out, JobTotals totals, JobFigures figures, JobClock clock, String title) throws IOException {
        String state = figures.phase().key();
        double progress = figures.progress();
        out.write("<h1>" + Html.escape(title) + "</h1>\n");
        out.write(String.format(Locale.ROOT,
                "<p class=\"meta\">job <code>%s</code> · mode %s%s · timezone %s · <span class=\"state %s\">%s</span>"
                        + " <span class=\"progress\"><span style=\"width:%.1f%%\"></span></span> %.1f%%</p>\n",
                Html.escape(totals.jobId()), Html.escape(totals.mode()), totals.dryRun() ? " (dry run)" : "",
                Html.escape(totals.zone().getId()), Html.escape(state), Html.escape(state), progress * 100, progress * 100));
        out.write("<p class=\"meta\">planned " + Html.escape(local(clock, totals.plannedAt())) + " · started "
                + Html.escape(local(clock, totals.firstReport())) + " · finished "
                + Html.escape(local(clock, figures.finishedAt())) + "</p>\n");
    }

    private static long count(JobTables tables, String jobId) {
        long[] cameras = {0};
        tables.cameras().scan(Keys.job(jobId), (key, camera) -> ++cameras[0] > 0);
        return cameras[0];
    }

    private static void statusTable(Writer out, CameraSummaries cameras, Summary.Totals t, long count) throws IOException {
        out.write("<h2>Status</h2>\n");
        long[] index = {0};
        cameras.forEach(false, (totals, camera) -> {
            long i = index[0]++;
            if (i % GROUP == 0) {
                if (i > 0) {
                    write(out, "</table>\n" + (count > GROUP ? "</details>\n" : ""));
                }
                if (count > GROUP) {
                    write(out, String.format(Locale.ROOT, "<details%s><summary>cameras %d–%d of %d</summary>\n",
                            i == 0 ? " open" : "", i + 1, Math.min(count, i + GROUP), count));
                }
                write(out, "<table class=\"status\">\n" + headerRow());
            }
            StringBuilder row = new StringBuilder("<tr><td class=\"text\">").append(Html.escape(totals.camera().label())).append("</td>");
            CHUNK_STATUSES.forEach(s -> row.append("<td>").append(camera.chunksByStatus().get(s)).append("</td>"));
            VIDEO_STATUSES.forEach(s -> row.append("<td>").append(camera.videosByStatus().get(s)).append("</td>"));
            row.append("<td>").append(hours(camera.hoursRequested())).append("</td><td>").append(hours(camera.hoursDownloaded()))
                    .append("</td><td>").append(hours(camera.hoursAnalyzed())).append("</td><td>").append(camera.clips())
                    .append("</td></tr>\n");
            write(out, row.toString());
            return true;
        });
        if (index[0] > 0) {
            out.write("</table>\n" + (count > GROUP ? "</details>\n" : ""));
        }
        StringBuilder total = new StringBuilder("<table class=\"status totals\">\n").append(headerRow()).append("<tr><th class=\"text\">total</th>");
        CHUNK_STATUSES.forEach(s -> total.append("<th>").append(t.chunksByStatus().get(s)).append("</th>"));
        VIDEO_STATUSES.forEach(s -> total.append("<th>").append(t.videosByStatus().get(s)).append("</th>"));
        total.append("<th>").append(hours(t.hoursRequested())).append("</th><th>").append(hours(t.hoursDownloaded()))
                .append("</th><th>").append(hours(t.hoursAnalyzed())).append("</th><th>").append(t.clips()).append("</th></tr>\n</table>\n");
        out.write(total.toString());
        out.write(String.format(Locale.ROOT, "<p class=\"meta\">%d %s, %d chunks planned, %d files planned.</p>\n",
                count, count == 1 ? "camera" : "cameras", t.chunksPlanned(), t.filesPlanned()));
    }

    private static String headerRow() {
        // Spaces instead of underscores let the headers wrap, so the table fits beside the charts.
        StringBuilder row = new StringBuilder("<tr><th class=\"text\">camera</th>");
        CHUNK_STATUSES.forEach(s -> row.append("<th>").append(s.replace('_', ' ')).append("</th>"));
        VIDEO_STATUSES.forEach(s -> row.append("<th>").append(s.replace('_', ' ')).append("</th>"));
        return row.append("<th>hours requested</th><th>hours downloaded</th><th>hours analyzed</th><th>clips</th></tr>\n").toString();
    }

    /** The anchors of the cloud cameras whose charts the report draws (the first {@link #CHARTS} in camera order). */
    static Set<String> chartedCameras(JobTables tables, String jobId) {
        Set<String> anchors = new HashSet<>();
        int[] seen = {0};
        tables.cameras().scan(Keys.job(jobId), (key, camera) -> {
            Camera id = camera.camera();
            if (id.deviceSerial() != null) {
                anchors.add(EventGallery.cameraAnchor(id.deviceSerial(), id.channelNo()));
            }
            return ++seen[0] < CHARTS;
        });
        return anchors;
    }

    private static void charts(Writer out, JobTables tables, JobTotals totals, CameraSummaries cameras, JobClock clock,
                               EventGallery gallery, ClipMarks clipMarks) throws IOException {
        out.write("<h2>Timelines</h2>\n<p>" + TimelineChart.legend(StatusColors.CHUNK, List.of("downloaded")) + " "
                + TimelineChart.legend(StatusColors.VIDEO, List.of("analyzed")) + "</p>\n");
        TimelineChart chart = new TimelineChart(clock);
        TreeMap<Long, HourSum> all = new TreeMap<>();
        List<Summary.CameraSummary> detailed = new ArrayList<>();
        List<CameraTotals> detailedTotals = new ArrayList<>();
        long[] cloudCameras = {0};
        cameras.forEach(true, (camera, summary) -> {
            if (summary.deviceSerial() != null) {
                cloudCameras[0]++;
                summary.timeline().forEach(hour -> all.computeIfAbsent(hour.start(), h -> new HourSum(hour)).add(hour));
            }
            if (detailed.size() < CHARTS) {
                detailed.add(summary);
                detailedTotals.add(camera);
            }
            return true;
        });
        if (cloudCameras[0] > 1) {
            out.write("<section class=\"job-timeline\">\n<h3>All cameras</h3>\n");
            out.write(chart.render("all cameras", all.values().stream().map(HourSum::bucket).toList()));
            out.write("</section>\n");
        }
        for (int i = 0; i < detailed.size(); i++) {
            Summary.CameraSummary summary = detailed.get(i);
            Camera id = detailedTotals.get(i).camera();
            String anchor = id.deviceSerial() == null ? null : EventGallery.cameraAnchor(id.deviceSerial(), id.channelNo());
            out.write("<section class=\"camera\"" + (anchor == null ? "" : " id=\"" + anchor + "\"") + " data-camera=\""
                    + Html.escape(id.label()) + "\">\n<h3>" + Html.escape(id.label()) + "</h3>\n");
            if (anchor == null) {
                out.write(localBars(tables, totals.jobId()));
            } else {
                TimelineChart.ClipLane lane = clipMarks == null || !ClipMarks.fits(detailedTotals.get(i).clips(), summary.timeline())
                        ? null : each -> clipMarks.forEach(id, each);
                out.write(chart.render(id.label(), summary.timeline(), lane, gallery == null ? List.of() : gallery.marks(anchor)));
            }
            out.write("</section>\n");
        }
        long total = count(tables, totals.jobId());
        if (total > detailed.size()) {
            out.write(String.format(Locale.ROOT, "<p class=\"meta\">Charts for the first %d of %d cameras; every camera's hourly"
                    + " timeline is in summary.json.</p>\n", detailed.size(), total));
        }
    }

    private static String localBars(JobTables tables, String jobId) {
        List<TimelineChart.LocalVideo> shown = new ArrayList<>();
        long[] total = {0};
        tables.videos().scan(Keys.job(jobId), (key, video) -> {
            VideoAnalyzed analysis = video.analysis();
            if (analysis != null && analysis.window() == null) {
                total[0]++;
                if (shown.size() < TimelineChart.MAX_LOCAL_BARS) {
                    shown.add(new TimelineChart.LocalVideo(analysis.videoId(), analysis.path(), analysis.status().key(),
                            analysis.status().failed(), video.activityMean()));
                }
            }
            return true;
        });
        return TimelineChart.localBars(shown, total[0]);
    }

    private static void failures(Writer out, JobTables tables, JobTotals totals, JobFigures figures, JobClock clock) throws IOException {
        out.write("<h2>Failures</h2>\n");
        if (figures.failures() == 0) {
            out.write("<p class=\"empty\">None.</p>\n");
            return;
        }
        long[] chunks = {0};
        tables.chunks().scan(Keys.job(totals.jobId()), (key, chunk) -> {
            if (!chunk.status().failed()) {
                return true;
            }
            if (chunks[0]++ == 0) {
                write(out, "<table class=\"failures chunks\">\n<tr><th class=\"text\">camera</th><th class=\"text\">requested</th>"
                        + "<th class=\"text\">status</th><th>retry_count</th><th class=\"text\">last_error</th></tr>\n");
            }
            write(out, "<tr><td class=\"text\">" + Html.escape(Camera.of(chunk.window()).label()) + "</td><td class=\"text\">"
                    + Html.escape(clock.local(chunk.window().requestedBegin()) + " – " + clock.local(chunk.window().requestedEnd()))
                    + "</td><td class=\"text\">" + chunk.status().key() + "</td><td>" + chunk.retryCount()
                    + "</td><td class=\"error\">" + Html.escape(chunk.lastError()) + "</td></tr>\n");
            return chunks[0] < FAILURES;
        });
        if (chunks[0] > 0) {
            out.write("</table>\n");
        }
        long[] videos = {0};
        tables.videos().scan(Keys.job(totals.jobId()), (key, video) -> {
            VideoAnalyzed analysis = video.analysis();
            if (analysis == null || !analysis.status().failed()) {
                return true;
            }
            if (videos[0]++ == 0) {
                write(out, "<table class=\"failures videos\">\n<tr><th class=\"text\">camera</th><th class=\"text\">path</th>"
                        + "<th class=\"text\">status</th><th class=\"text\">error</th></tr>\n");
            }
            write(out, "<tr><td class=\"text\">" + Html.escape(Camera.of(analysis.window()).label()) + "</td><td class=\"text\">"
                    + Html.escape(analysis.path()) + "</td><td class=\"text\">" + analysis.status().key()
                    + "</td><td class=\"error\">" + Html.escape(analysis.error()) + "</td></tr>\n");
            return videos[0] < FAILURES;
        });
        if (videos[0] > 0) {
            out.write("</table>\n");
        }
        if (chunks[0] + videos[0] < figures.failures()) {
            out.write(String.format(Locale.ROOT, "<p class=\"meta\">%d of %d failures listed; all are in the manifests.</p>\n",
                    chunks[0] + videos[0], figures.failures()));
        }
    }

    /** One hour over all cameras, for the job's own timeline. */
    private static final class HourSum {
        private final String hour;
        private final long start;
        private long requested;
        private long downloaded;
        private long analyzed;
        private long clips;
        private double activityWeighted;
        private long activityClips;
        private Double activityMax;
        private final Map<String, int[]> counts = new TreeMap<>();
        private final Map<String, double[]> means = new TreeMap<>();

        HourSum(Summary.HourBucket first) {
            this.hour = first.hour();
            this.start = first.start();
        }

        void add(Summary.HourBucket h) {
            requested += h.requestedSeconds();
            downloaded += h.downloadedSeconds();
            analyzed += h.analyzedSeconds();
            clips += h.clips();
            if (h.activityMean() != null) {
                activityWeighted += h.activityMean() * Math.max(1, h.clips());
                activityClips += Math.max(1, h.clips());
                activityMax = activityMax == null ? h.activityMax() : Math.max(activityMax, h.activityMax());
            }
            h.counts().forEach((name, count) -> {
                counts.computeIfAbsent(name, n -> new int[1])[0] = Math.max(counts.get(name)[0], count.max());
                double[] mean = means.computeIfAbsent(name, n -> new double[2]);
                mean[0] += count.mean();
                mean[1]++;
            });
        }

        Summary.HourBucket bucket() {
            Map<String, Summary.ClassCount> classes = new TreeMap<>();
            counts.forEach((name, max) -> classes.put(name, new Summary.ClassCount(max[0],
                    CameraSummaries.round(means.get(name)[0] / means.get(name)[1]))));
            return new Summary.HourBucket(hour, start, requested, downloaded, analyzed, clips,
                    activityClips == 0 ? null : CameraSummaries.round(activityWeighted / activityClips), activityMax, classes);
        }
    }

    private static void write(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
