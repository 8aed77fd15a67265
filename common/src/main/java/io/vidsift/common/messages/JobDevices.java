package io.vidsift.common.messages;

import io.vidsift.common.config.Device;

import java.util.List;

/**
 * One part of a big job's device list, on {@code vidsift.jobs} keyed by job id, published before the job's
 * JobPlanned. A JobPlanned with {@code device_parts = n > 0} carries no devices itself
 * ({@code config.hik_cloud.devices} is empty): its devices are the parts {@code 0 .. n-1}, concatenated in part
 * order, each one record well under Kafka's record limit. A job small enough keeps its devices in the JobPlanned and
 * has no parts. Told apart from the other shapes on the topic by {@code parts} and {@code devices} (no
 * {@code config}, no {@code completed_at}).
 */
public record JobDevices(int schema, String jobId, int part, int parts, List<Device> devices) {

    public static JobDevices of(String jobId, int part, int parts, List<Device> devices) {
        return new JobDevices(Schema.VERSION, jobId, part, parts, List.copyOf(devices));
    }
}
