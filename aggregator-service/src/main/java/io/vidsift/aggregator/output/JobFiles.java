package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.aggregator.domain.JobClock;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.domain.JobTotals;
import io.vidsift.aggregator.domain.Keys;
import io.vidsift.common.events.EventDetector;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.VideoAnalyzed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Writes a job's output files from its tables, each streamed row by row in key order (the order of the rows) and
 * replaced atomically. results.jsonl streams every video's clips from its clip file (or, for schema 1 messages,
 * the clips store); only one video's clips are held at a time, to put them in index order.
 */
public final class JobFiles {

    private final OutputJson json = new OutputJson();
    private final VideoClips clips;
    private final JobEvents events;
    private final Function<String, byte[]> thumbnails;

    /** Events with the default settings; no thumbnails in the report. */
    public JobFiles(ClipSource clipFiles) {
        this(clipFiles, EventDetector.Settings.defaults(), path -> null);
    }

    /**
     * @param eventSettings what makes an event (threshold, minimum length, merge gap)
     * @param thumbnails    a peak-frame JPEG by its storage-relative path, or null when it cannot be read
     */
    public JobFiles(ClipSource clipFiles, EventDetector.Settings eventSettings, Function<String, byte[]> thumbnails) {
        this.clips = new VideoClips(clipFiles);
        this.events = new JobEvents(eventSettings, clips);
        this.thumbnails = thumbnails;
    }

    /** Writes every file this kind of job has into {@code dir}; returns the rows written. */
    public long write(JobTables tables, JobTotals totals, Path dir) throws IOException {
        long rows = 0;
        // events.jsonl is written before report.html (enum order), and the report's gallery is collected while it is,
        // so the clip files are streamed once for both; a dry run has neither events nor a gallery (null).
        EventGallery[] gallery = {null};
        for (OutputFile file : OutputFile.forJob(totals.local(), totals.dryRun())) {
            rows += write(tables, totals, dir.resolve(file.fileName()), file, gallery);
        }
        return rows;
    }

    private long write(JobTables tables, JobTotals totals, Path target, OutputFile file, EventGallery[] gallery)
            throws IOException {
        long[] rows = {0};
        try {
            if (file == OutputFile.RESULTS) {
                AtomicFiles.writeBytes(target, out -> rows[0] = results(out, tables, totals)); // its rows encode themselves
            } else {
                AtomicFiles.write(target, out -> rows[0] = switch (file) {
                    case DOWNLOAD_MANIFEST -> downloads(out, tables, totals.jobId());
                    case VIDEO_MANIFEST -> videos(out, tables, totals);
                    case RESULTS -> throw new IllegalStateException("results.jsonl is written as bytes");
                    case EVENTS -> {
                        gallery[0] = new EventGallery(ReportRenderer.chartedCameras(tables, totals.jobId())); // afresh on every try
                        yield events(out, tables, totals.jobId(), gallery[0]);
                    }
                    case SUMMARY -> {
                        SummaryFile.write(out, json, tables, totals);
                        yield 1;
                    }
                    case REPORT -> {
                        ReportRenderer.render(out, tables, totals, gallery[0], thumbnails, clips);
                        yield 1;
                    }
                });
            }
        } catch (UncheckedIOException e) {
            throw new IOException("cannot write " + target + ": " + e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            // Whatever it was (an OutOfMemoryError included), the writer must be told which file, and why.
            throw new IOException("cannot write " + target + ": " + e, e);
        }
        return rows[0];
    }

    private long downloads(Writer out, JobTables tables, String jobId) {
        long[] rows = {0};
        tables.chunks().scan(Keys.job(jobId), (key, chunk) -> {
            line(out, DownloadManifest.row(chunk));
            rows[0]++;
            return true;
        });
        return rows[0];
    }

    private long videos(Writer out, JobTables tables, JobTotals totals) {
        JobClock clock = new JobClock(totals.zone());
        long[] rows = {0};
        tables.videos().scan(Keys.job(totals.jobId()), (key, video) -> {
            if (video.pending()) {
                DownloadRecorded chunk = tables.chunks().get(video.chunkKey());
                if (chunk != null) {
                    line(out, VideoManifest.pending(totals.jobId(), chunk, clock));
                    rows[0]++;
                }
                return true;
            }
            VideoAnalyzed analysis = video.analysis();
            DownloadRecorded chunk = analysis.chunkId() == null || analysis.window() == null ? null
                    : tables.chunks().get(Keys.chunk(totals.jobId(), analysis.window(), analysis.chunkId()));
            line(out, VideoManifest.analyzed(analysis, video.clipCount(), chunk, clock));
            rows[0]++;
            return true;
        });
        return rows[0];
    }

    private long results(OutputStream out, JobTables tables, JobTotals totals) throws IOException {
        ResultsRows results = new ResultsRows(json, out, totals.zone());
        long[] rows = {0};
        tables.videos().scan(Keys.job(totals.jobId()), (key, video) -> {
            if (video.pending()) {
                return true;
            }
            results.video(video.analysis());
            try {
                for (ClipResult clip : clips.of(tables, key, video)) {
                    results.row(clip);
                    rows[0]++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        });
        results.flush();
        return rows[0];
    }

    private long events(Writer out, JobTables tables, String jobId, EventGallery gallery) {
        long[] rows = {0};
        events.scan(tables, jobId, event -> {
            line(out, event);
            gallery.add(event);
            rows[0]++;
        });
        return rows[0];
    }

    private void line(Writer out, Object row) {
        try {
            json.line(out, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
