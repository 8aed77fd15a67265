package io.vidsift.aggregator;

import io.vidsift.aggregator.domain.JobLedger;
import io.vidsift.aggregator.domain.JobSnapshot;
import io.vidsift.aggregator.output.ManifestWriter;
import io.vidsift.aggregator.output.OutputDirs;
import io.vidsift.aggregator.output.OutputFile;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.VideoAnalyzed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The aggregator: folds events into the {@link JobLedger}, rewrites the files of changed jobs at most once per
 * flush interval, and announces completed jobs.
 * <p>
 * State is rebuilt on {@link #start()} by replaying the input topics from the beginning ({@link History}); the
 * JobCompleted records it published itself are part of that history, which is what keeps a restart from
 * announcing a job twice. Because every fold is idempotent and order-independent, events consumed live that the
 * replay also saw are harmless, and files written from the rebuilt ledger can have neither duplicate nor lost rows.
 * <p>
 * Writes are debounced rather than per event: rewriting a job's whole manifest for every event would be O(n²) for
 * a job with thousands of chunks. A job is rewritten at most once per flush interval, and, as its files grow, no
 * more often than lets writing take a tenth of the time ({@link #WRITE_SHARE}): a job whose files take 2 s to write
 * is rewritten at most every 20 s until it completes, when it is written at once. One scheduler thread does all
 * writing and announcing, so a job's files are never written by two threads at once.
 */
public final class Aggregator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Aggregator.class.getName());
    /** Writing a job's files may take at most 1/WRITE_SHARE of the wall time while the job runs. */
    static final int WRITE_SHARE = 10;

    private final History history;
    private final CompletionPublisher publisher;
    private final ManifestWriter writer;
    private final OutputDirs dirs;
    private final Duration flushInterval;
    private final Object folding = new Object();
    private final Object flushing = new Object();
    private final CountDownLatch firstStart = new CountDownLatch(1);
    // Jobs whose files must be rewritten (which ones) or whose completion must be checked (empty set).
    private final Map<String, Set<OutputFile>> dirty = new LinkedHashMap<>();
    // Per job, the earliest nanoTime at which its files may be rewritten again; only the flusher touches it.
    private final Map<String, Long> notBefore = new java.util.HashMap<>();
    private final java.util.function.LongSupplier nanoClock;
    private volatile JobLedger ledger = new JobLedger();
    private volatile boolean ready;
    private ScheduledExecutorService scheduler;

    public Aggregator(History history, CompletionPublisher publisher, ManifestWriter writer, OutputDirs dirs, Duration flushInterval) {
        this(history, publisher, writer, dirs, flushInterval, System::nanoTime);
    }

    /** @param nanoClock measures how long writes take (System::nanoTime; tests pass their own) */
    Aggregator(History history, CompletionPublisher publisher, ManifestWriter writer, OutputDirs dirs, Duration flushInterval,
               java.util.function.LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.history = history;
        this.publisher = publisher;
        this.writer = writer;
        this.dirs = dirs;
        this.flushInterval = flushInterval;
    }

    /** Rebuilds the ledger from the topics, then starts the flush cadence. Events accepted meanwhile wait. */
    public void start() {
        synchronized (folding) {
            ready = false;
            JobLedger rebuilt = new JobLedger();
            long replayed = replay(rebuilt);
            ledger = rebuilt;
            synchronized (dirty) {
                dirty.clear();
                for (JobSnapshot job : rebuilt.planned()) {
                    // A job announced with the outcome it still has was fully written before that announcement.
                    boolean settled = job.complete() && !job.needsAnnouncement();
                    if (!settled) {
                        dirty.put(job.jobId(), EnumSet.allOf(OutputFile.class));
                    }
                }
            }
            LOG.log(System.Logger.Level.INFO, "aggregator state rebuilt from {0} records: {1} jobs", replayed, rebuilt.jobIds().size());
            if (scheduler == null) {
                scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "aggregator-flush"));
                long millis = Math.max(1, flushInterval.toMillis());
                scheduler.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
            }
            ready = true;
        }
        firstStart.countDown();
    }

    private long replay(JobLedger into) {
        long[] count = {0};
        history.replay(message -> {
            into.apply(message);
            count[0]++;
        });
        return count[0];
    }

    /**
     * Forgets everything in memory, including writes not yet flushed, and starts again from the topics: what a
     * crash and a restart do to this process, minus the JVM.
     */
    public void restart() {
        synchronized (folding) {
            synchronized (dirty) {
                dirty.clear();
            }
            ledger = new JobLedger();
            start();
        }
    }

    /** Folds one decoded message. Blocks until the first {@link #start()} has rebuilt the state. */
    public void accept(Object message) {
        awaitFirstStart();
        synchronized (folding) {
            boolean changed = ledger.apply(message);
            if (!changed) {
                return;
            }
            Set<OutputFile> files;
            String jobId;
            if (message instanceof JobPlanned planned) {
                jobId = planned.jobId();
                files = EnumSet.allOf(OutputFile.class);
            } else if (message instanceof DownloadRecorded recorded) {
                jobId = recorded.jobId();
                files = OutputFile.touchedByDownload();
            } else if (message instanceof VideoAnalyzed analyzed) {
                jobId = analyzed.jobId();
                files = OutputFile.touchedByAnalysis();
            } else {
                return;
            }
            markDirty(jobId, files);
        }
    }

    private void awaitFirstStart() {
        try {
            firstStart.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the aggregator state was being rebuilt", e);
        }
    }

    private void markDirty(String jobId, Set<OutputFile> files) {
        synchronized (dirty) {
            dirty.computeIfAbsent(jobId, id -> EnumSet.noneOf(OutputFile.class)).addAll(files);
        }
    }

    /** Writes every job changed since the last flush and announces those that completed. */
    public void flush() {
        synchronized (flushing) {
            Map<String, Set<OutputFile>> batch;
            synchronized (dirty) {
                batch = new LinkedHashMap<>(dirty);
                dirty.clear();
            }
            JobLedger current = ledger;
            for (Map.Entry<String, Set<OutputFile>> entry : batch.entrySet()) {
                Optional<JobSnapshot> snapshot = current.snapshot(entry.getKey());
                if (snapshot.isEmpty() || !snapshot.get().planned()) {
                    // No plan yet, so no output.dir: the JobPlanned, when it comes, marks every file.
                    continue;
                }
                flush(current, snapshot.get(), entry.getValue());
            }
        }
    }

    private void flush(JobLedger current, JobSnapshot job, Set<OutputFile> files) {
        Path dir = dirs.resolve(job.config().outputDir());
        Long earliest = notBefore.get(job.jobId());
        boolean complete = job.complete();
        if (!complete && earliest != null && nanoClock.getAsLong() - earliest < 0) {
            markDirty(job.jobId(), files);
            return;
        }
        try {
            long started = nanoClock.getAsLong();
            writer.write(job, dir, files);
            long ended = nanoClock.getAsLong();
            notBefore.put(job.jobId(), ended + (ended - started) * (WRITE_SHARE - 1));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the files of job " + job.jobId() + " (will retry): " + e.getMessage());
            markDirty(job.jobId(), files);
            return;
        }
        if (!job.needsAnnouncement()) {
            return;
        }
        JobCompleted completed = job.completion(dir.toString());
        try {
            publisher.publish(completed);
            current.announced(completed);
            LOG.log(System.Logger.Level.INFO, "job {0} {1}: {2}", job.jobId(), completed.state(), completed.counts());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot announce job " + job.jobId() + " (will retry): " + e.getMessage());
            markDirty(job.jobId(), EnumSet.noneOf(OutputFile.class));
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // The scheduler would stop repeating after an exception; log and keep the cadence.
            LOG.log(System.Logger.Level.ERROR, "flush failed", e);
        }
    }

    public JobLedger ledger() {
        return ledger;
    }

    public Path outputDir(JobSnapshot job) {
        return dirs.resolve(job.config().outputDir());
    }

    /** True once the state has been rebuilt from the topics; readiness reports it. */
    public boolean ready() {
        return ready;
    }

    /** Stops the cadence and writes what is pending, so a graceful shutdown leaves the files current. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (folding) {
            running = scheduler;
            scheduler = null;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }
}
