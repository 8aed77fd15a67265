package io.vidsift.common.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vidsift.common.config.JobConfig;

/**
 * Published once per job before its work items. {@code config} cannot carry a token: {@link JobConfig} has no
 * field for one. {@code chunks} is the number of ChunkRequested (hik_cloud) and {@code files} the number of
 * VideoReady (local) that follow. {@code deviceParts}: 0 when {@code config.hik_cloud.devices} holds every device (the
 * JSON then has no {@code device_parts} field, as before it existed); n when the list was too big for one record and
 * travels as {@link JobDevices} parts {@code 0 .. n-1} on the same topic and key, {@code config.hik_cloud.devices}
 * being empty. {@code devices} is the job's device count either way.
 */
public record JobPlanned(
        int schema,
        String jobId,
        String plannedAt,
        JobConfig config,
        int devices,
        int ranges,
        long chunks,
        long files,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int deviceParts) {

    public static JobPlanned of(String jobId, String plannedAt, JobConfig config, int devices, int ranges, long chunks, long files) {
        return new JobPlanned(Schema.VERSION, jobId, plannedAt, config, devices, ranges, chunks, files, 0);
    }
}
