package io.vidsift.planner;

import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.VideoReady;

import java.util.List;

/**
 * Where a plan goes (the pipeline topics in the service). Each call returns once every record is acknowledged
 * and throws otherwise; a throw is treated as transient and the same records are sent again.
 */
public interface WorkPublisher {

    void planned(JobPlanned planned);

    void chunks(List<ChunkRequested> batch);

    void videos(List<VideoReady> batch);
}
