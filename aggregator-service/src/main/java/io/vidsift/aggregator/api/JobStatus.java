package io.vidsift.aggregator.api;

import io.vidsift.aggregator.domain.JobSnapshot;
import io.vidsift.aggregator.output.OutputFile;
import io.vidsift.common.messages.DownloadStatus;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code GET /jobs/{id}} (and each element of {@code GET /jobs}); snake_case on the wire.
 *
 * @param state    planned | downloading | analyzing | completed | completed_with_failures
 * @param progress done work over known work in [0, 1]; 1 exactly when the job is complete
 * @param counts   flat counts, the same map JobCompleted carries
 * @param outputs  file name → absolute path of the files this job has (written at most one flush interval late)
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
        Map<String, String> outputs) {

    /** @param planned chunks the planner announced; {@code terminal} those with a final download status */
    public record Chunks(long planned, long recorded, long terminal, Map<String, Long> byStatus) {
    }

    /**
     * @param expected local files planned, or in hik_cloud mode the downloaded chunks (each yields one video)
     * @param analyzed videos with any terminal analysis status; {@code pending} downloaded videos still unanalyzed
     */
    public record Videos(long expected, long analyzed, long pending, Map<String, Long> byStatus) {
    }

    public static JobStatus of(JobSnapshot job, Path outputDir) {
        Map<String, Long> chunkCounts = job.chunksByStatus();
        long pending = job.awaitingAnalysis().size();
        long expected = job.local() ? job.plan().files() : chunkCounts.get(DownloadStatus.DOWNLOADED.key());
        Map<String, String> outputs = new LinkedHashMap<>();
        for (OutputFile file : OutputFile.values()) {
            if (OutputFile.forJob(job.local(), job.dryRun()).contains(file)) {
                outputs.put(file.fileName(), outputDir.resolve(file.fileName()).toString());
            }
        }
        return new JobStatus(job.jobId(), job.config().name(), job.config().mode().key(), job.dryRun(), job.phase().key(),
                job.phase().finished(), job.progress(),
                new Chunks(job.plan().chunks(), job.chunks().size(), job.terminalChunks(), chunkCounts),
                new Videos(expected, job.videos().size(), pending, job.videosByStatus()),
                job.counts(), job.zone().getId(), job.plan().plannedAt(), job.startedAt(), job.updatedAt(),
                job.finishedAt(), outputDir.toString(), outputs);
    }
}
