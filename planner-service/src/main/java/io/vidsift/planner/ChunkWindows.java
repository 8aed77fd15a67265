package io.vidsift.planner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far each job may run ahead of the downloaders: at most {@code perJob} of its chunks published and not yet
 * recorded (a DownloadRecorded seen). A job at its bound waits while other jobs publish, so a small job submitted
 * during a huge one has its chunks behind at most {@code perJob} of the huge one's, not behind all of them.
 *
 * <p>Outcomes are matched by chunk id, so a redelivered outcome counts once. An outcome that never comes (a chunk
 * lost to a dead-letter topic, a downloader outage) cannot stall a job: when a job at its bound has seen no
 * outcome for {@code release}, its window is cleared and it may publish another {@code perJob}. After a restart
 * windows start empty: the chunks published before it no longer count, which overshoots by one window at most.
 * {@code perJob} 0 turns windows off.
 */
public final class ChunkWindows {

    private final int perJob;
    private final Duration release;
    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    public ChunkWindows(int perJob, Duration release, Clock clock) {
        this.perJob = perJob;
        this.release = release;
        this.clock = clock;
    }

    public static ChunkWindows unbounded() {
        return new ChunkWindows(0, Duration.ZERO, Clock.systemUTC());
    }

    public boolean bounded() {
        return perJob > 0;
    }

    /**
     * The least room worth a turn: a quarter window (or a batch, if smaller), so a job held at its bound publishes
     * in runs rather than one chunk (and one journal write) per outcome. A plan's last items always fit: its
     * window drains to empty.
     */
    int worthATurn(int batchSize) {
        return perJob <= 0 ? 1 : Math.max(1, Math.min(batchSize, perJob / 4));
    }

    /** How many chunks the job may publish now ({@link Integer#MAX_VALUE} when unbounded). */
    synchronized int room(String jobId) {
        if (perJob <= 0) {
            return Integer.MAX_VALUE;
        }
        Window window = windows.get(jobId);
        if (window == null) {
            return perJob;
        }
        if (window.outstanding.size() >= perJob && Duration.between(window.lastProgress, clock.instant()).compareTo(release) > 0) {
            window.outstanding.clear();
            window.lastProgress = clock.instant();
        }
        return perJob - window.outstanding.size();
    }

    synchronized void published(String jobId, List<String> chunkIds) {
        if (perJob <= 0) {
            return;
        }
        Window window = windows.computeIfAbsent(jobId, id -> new Window(clock.instant()));
        if (window.outstanding.isEmpty()) {
            window.lastProgress = clock.instant();
        }
        window.outstanding.addAll(chunkIds);
    }

    /** A downloader recorded the outcome of a chunk. */
    public synchronized void recorded(String jobId, String chunkId) {
        Window window = windows.get(jobId);
        if (window != null && window.outstanding.remove(chunkId)) {
            window.lastProgress = clock.instant();
        }
    }

    /** The job has published everything: its outcomes no longer hold anything back. */
    synchronized void finished(String jobId) {
        windows.remove(jobId);
    }

    synchronized int outstanding(String jobId) {
        Window window = windows.get(jobId);
        return window == null ? 0 : window.outstanding.size();
    }

    private static final class Window {

        private final Set<String> outstanding = new HashSet<>();
        private Instant lastProgress;

        private Window(Instant now) {
            this.lastProgress = now;
        }
    }
}
