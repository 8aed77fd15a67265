package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.aggregator.domain.JobClock;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.domain.JobTotals;
import io.vidsift.aggregator.domain.Keys;
import io.vidsift.aggregator.domain.VideoEntry;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.VideoAnalyzed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a job's output files from its tables, each streamed row by row in key order (the order of the rows) and
 * replaced atomically. results.jsonl streams every video's clips from its clip file (or, for schema 1 messages,
 * the clips store); only one video's clips are held at a time, to put them in index order.
 */
public final class JobFiles {

    private final OutputJson json = new OutputJson();
    private final ClipSource clipFiles;

    public JobFiles(ClipSource clipFiles) {
        this.clipFiles = clipFiles;
    }

    /** Writes every file this kind of job has into {@code dir}; returns the rows written. */
    public long write(JobTables tables, JobTotals totals, Path dir) throws IOException {
        long rows = 0;
        for (OutputFile file : OutputFile.forJob(totals.local(), totals.dryRun())) {
            rows += write(tables, totals, dir.resolve(file.fileName()), file);
        }
        return rows;
    }

    private long write(JobTables tables, JobTotals totals, Path target, OutputFile file) throws IOException {
        long[] rows = {0};
        try {
            AtomicFiles.write(target, out -> rows[0] = switch (file) {
                case DOWNLOAD_MANIFEST -> downloads(out, tables, totals.jobId());
                case VIDEO_MANIFEST -> videos(out, tables, totals);
                case RESULTS -> results(out, tables, totals);
                case SUMMARY -> {
                    SummaryFile.write(out, json, tables, totals);
                    yield 1;
                }
                case REPORT -> {
                    ReportRenderer.render(out, tables, totals);
                    yield 1;
                }
            });
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

    private long results(Writer out, JobTables tables, JobTotals totals) throws IOException {
        JobClock clock = new JobClock(totals.zone());
        long[] rows = {0};
        tables.videos().scan(Keys.job(totals.jobId()), (key, video) -> {
            if (video.pending()) {
                return true;
            }
            for (ClipResult clip : clips(tables, key, video)) {
                line(out, ResultsTable.row(video.analysis(), clip, clock));
                rows[0]++;
            }
            return true;
        });
        return rows[0];
    }

    private List<ClipResult> clips(JobTables tables, String videoKey, VideoEntry video) {
        List<ClipResult> clips = new ArrayList<>(video.clipCount());
        if (video.inlineClips()) {
            tables.clips().scan(Keys.clips(videoKey), (key, clip) -> clips.add(clip));
            return clips;
        }
        if (video.clipsPath() == null) {
            return clips;
        }
        try {
            clipFiles.read(video.clipsPath(), clips::add);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("clips of video " + video.analysis().videoId() + ": " + e.getMessage(), e));
        }
        clips.sort(Comparator.comparingInt(ClipResult::index));
        return clips;
    }

    private void line(Writer out, Object row) {
        try {
            json.line(out, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
