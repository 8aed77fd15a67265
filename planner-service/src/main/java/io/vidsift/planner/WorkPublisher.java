package io.vidsift.planner;

import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.VideoReady;

import java.util.List;

/**
 * Where a plan goes (the pipeline topics in the service). Each call returns once every record is acknowledged
 * and throws otherwise; a throw is treated as transient and the same records are sent again.
 */
public interface WorkPublisher {

    /** A job's device parts (none for most jobs) and then its JobPlanned, on one key so that they keep this order. */
    void planned(JobPlanned planned, List<JobDevices> deviceParts);

    void chunks(List<ChunkRequested> batch);

    void videos(List<VideoReady> batch);
}
