package io.vidsift.common.messages;

import io.vidsift.common.config.JobConfig;

/**
 * Published once per job before its work items. {@code config} cannot carry a token: {@link JobConfig} has no
 * field for one. {@code chunks} is the number of ChunkRequested (hik_cloud) and {@code files} the number of
 * VideoReady (local) that follow.
 */
public record JobPlanned(
        int schema,
        String jobId,
        String plannedAt,
        JobConfig config,
        int devices,
        int ranges,
        long chunks,
        long files) {

    public static JobPlanned of(String jobId, String plannedAt, JobConfig config, int devices, int ranges, long chunks, long files) {
        return new JobPlanned(Schema.VERSION, jobId, plannedAt, config, devices, ranges, chunks, files);
    }
}
