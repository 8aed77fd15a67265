package io.vidsift.planner;

import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.VideoReady;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Pipeline topics in lists. {@code beforeBatch} runs before each chunk batch is "acknowledged" (with the batch's
 * number) and may throw, to stand in for a broker outage or a process being killed.
 */
final class MemoryTopics implements WorkPublisher {

    final List<JobPlanned> jobs = new ArrayList<>();
    final List<JobDevices> deviceParts = new ArrayList<>();
    final List<ChunkRequested> chunks = new ArrayList<>();
    final List<VideoReady> videos = new ArrayList<>();
    private final AtomicInteger batches = new AtomicInteger();
    private volatile IntConsumer beforeBatch = batch -> { };
    private volatile RuntimeException plannedFailure;

    void beforeBatch(IntConsumer hook) {
        this.beforeBatch = hook;
    }

    void failPlanned(RuntimeException failure) {
        this.plannedFailure = failure;
    }

    @Override
    public synchronized void planned(JobPlanned planned, List<JobDevices> parts) {
        if (plannedFailure != null) {
            throw plannedFailure;
        }
        deviceParts.addAll(parts);
        jobs.add(planned);
    }

    @Override
    public void chunks(List<ChunkRequested> batch) {
        beforeBatch.accept(batches.incrementAndGet());
        synchronized (this) {
            chunks.addAll(batch);
        }
    }

    @Override
    public synchronized void videos(List<VideoReady> batch) {
        videos.addAll(batch);
    }

    /** The chunk ids of one job (every job's when {@code jobId} is null), in publishing order. */
    synchronized List<String> chunkIds(String jobId) {
        return chunks.stream().filter(c -> jobId == null || c.jobId().equals(jobId)).map(ChunkRequested::chunkId).toList();
    }

    synchronized List<JobDevices> deviceParts(String jobId) {
        return deviceParts.stream().filter(p -> p.jobId().equals(jobId)).toList();
    }

    synchronized List<JobPlanned> jobs() {
        return new ArrayList<>(jobs);
    }
}
