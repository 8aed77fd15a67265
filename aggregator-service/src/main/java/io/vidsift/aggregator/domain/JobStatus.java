package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.DownloadStatus;

import java.util.Map;

/**
 * The body of {@code GET /jobs/{id}} (and each element of {@code GET /jobs}); snake_case on the wire.
 *
 * @param state    planned | downloading | analyzing | completed | completed_with_failures
 * @param progress done work over known work in [0, 1]; 1 exactly when the job is complete
 * @param counts   flat counts, the same map JobCompleted carries
 * @param outputs  file name → absolute path of the files this job has
 * @param writeError why the job's files could not be written the last time (path and cause; retried), else null
 */
public record JobStatus(
        String jobId,
        String name,
        String mode,
        boolean dryRun,
        String state,
        boolean finished,
        double progress,
        Chunks chunks,
        Videos videos,
        Map<String, Long> counts,
        String timezone,
        String plannedAt,
        String startedAt,
        String updatedAt,
        String finishedAt,
        String outputDir,
        Map<String, String> outputs,
        String writeError) {

    /** @param planned chunks the planner announced; {@code terminal} those with a final download status */
    public record Chunks(long planned, long recorded, long terminal, Map<String, Long> byStatus) {
    }

    /**
     * @param expected local files planned, or in hik_cloud mode the downloaded chunks (each yields one video)
     * @param analyzed videos with any terminal analysis status; {@code pending} downloaded videos still unanalyzed
     */
    public record Videos(long expected, long analyzed, long pending, Map<String, Long> byStatus) {
    }

    /** @param outputs file name → path of the files this kind of job has */
    public static JobStatus of(JobTotals totals, String outputDir, Map<String, String> outputs, String writeError) {
        JobFigures figures = new JobFigures(totals);
        Map<String, Long> chunkCounts = figures.chunksByStatus();
        long expected = totals.local() ? totals.plannedFiles() : chunkCounts.get(DownloadStatus.DOWNLOADED.key());
        JobPhase phase = figures.phase();
        return new JobStatus(totals.jobId(), totals.name(), totals.mode(), totals.dryRun(), phase.key(), phase.finished(),
                figures.progress(), new Chunks(totals.plannedChunks(), totals.recorded(), totals.terminal(), chunkCounts),
                new Videos(expected, totals.analyzed(), totals.awaiting(), figures.videosByStatus()), figures.counts(),
                totals.zone().getId(), totals.plannedAt(), totals.firstReport(), totals.lastReport(), figures.finishedAt(),
                outputDir, outputs, writeError);
    }
}
