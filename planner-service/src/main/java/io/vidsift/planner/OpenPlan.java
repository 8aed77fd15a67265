package io.vidsift.planner;

import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.VideoReady;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A plan being published: its item iterators positioned at the cursor, and the batch in flight, kept until it
 * is acknowledged so that a failed batch is sent again exactly as it was.
 */
final class OpenPlan {

    private final String jobId;
    private Iterator<ChunkRequested> chunks;
    private Iterator<VideoReady> videos;
    private final List<ChunkRequested> pendingChunks = new ArrayList<>();
    private final List<VideoReady> pendingVideos = new ArrayList<>();
    private long published;

    OpenPlan(String jobId) {
        this.jobId = jobId;
    }

    String jobId() {
        return jobId;
    }

    boolean opened() {
        return chunks != null;
    }

    /** Positions the iterators after the {@code published} items a previous run had acknowledged. */
    void open(JobPlan plan, long published) {
        this.chunks = plan.chunks().iterator();
        this.videos = plan.videos().iterator();
        this.published = published;
        for (long skipped = 0; skipped < published && (chunks.hasNext() || videos.hasNext()); skipped++) {
            if (chunks.hasNext()) {
                chunks.next();
            } else {
                videos.next();
            }
        }
    }

    /** Fills the next batch if none is pending; false when the plan has no items left. */
    boolean nextBatch(int size) {
        if (!pendingChunks.isEmpty() || !pendingVideos.isEmpty()) {
            return true;
        }
        while (pendingChunks.size() < size && chunks.hasNext()) {
            pendingChunks.add(chunks.next());
        }
        while (pendingChunks.isEmpty() && pendingVideos.size() < size && videos.hasNext()) {
            pendingVideos.add(videos.next());
        }
        return !pendingChunks.isEmpty() || !pendingVideos.isEmpty();
    }

    List<ChunkRequested> pendingChunks() {
        return pendingChunks;
    }

    List<VideoReady> pendingVideos() {
        return pendingVideos;
    }

    /** The pending batch is acknowledged: counts it and clears it. */
    long acknowledged() {
        published += pendingChunks.size() + pendingVideos.size();
        pendingChunks.clear();
        pendingVideos.clear();
        return published;
    }

    long published() {
        return published;
    }
}
