package io.vidsift.planner;

import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.VideoReady;

/**
 * A planned job: its JobPlanned header and the work items that follow it, produced lazily so that a plan of
 * millions of chunks never sits in memory. Exactly one of {@code chunks}/{@code videos} has items.
 */
public record JobPlan(JobPlanned planned, Iterable<ChunkRequested> chunks, Iterable<VideoReady> videos) {
}
