package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.JobSnapshot;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Renders a job snapshot into its output files and replaces each atomically. Only the files asked for (and that
 * the job has) are rendered: an analysis never rewrites the download manifest, and results.jsonl, the biggest
 * file, is not rewritten for a download report.
 */
public final class ManifestWriter {

    private final OutputJson json = new OutputJson();

    public void write(JobSnapshot job, Path dir, Set<OutputFile> files) {
        Set<OutputFile> wanted = EnumSet.noneOf(OutputFile.class);
        wanted.addAll(files);
        wanted.retainAll(OutputFile.forJob(job.local(), job.dryRun()));
        Summary summary = wanted.contains(OutputFile.SUMMARY) || wanted.contains(OutputFile.REPORT) ? SummaryBuilder.of(job) : null;
        for (OutputFile file : wanted) {
            AtomicFiles.write(dir.resolve(file.fileName()), render(job, summary, file));
        }
    }

    private String render(JobSnapshot job, Summary summary, OutputFile file) {
        return switch (file) {
            case DOWNLOAD_MANIFEST -> json.lines(DownloadManifest.rows(job));
            case VIDEO_MANIFEST -> json.lines(VideoManifest.rows(job));
            case RESULTS -> json.lines(ResultsTable.rows(job));
            case SUMMARY -> json.document(summary);
            case REPORT -> ReportRenderer.render(job, summary);
        };
    }
}
