package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.JobFigures;
import io.vidsift.aggregator.domain.JobSignals;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.domain.JobTotals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one thread that writes output files, from the state of the jobs this instance owns. Files are due when a
 * job changed; they are rewritten under the cadence rule below, at once when the job is complete (then the stream
 * thread may announce it), and again whenever a later change reaches a job.
 * <p>
 * Cadence: while a job runs, its files are rewritten only when at least {@code flushInterval} and at least
 * {@value #REST} times as long as the next write should take (the last write's time, times the job's version now
 * over its version then, at most {@value #MAX_GROWTH}) have passed since the last ended, AND the job changed at least max(1, rows of the last
 * write / 2) times since. Each rewrite is paid for by the changes that made it due (at most
 * 2 rows written per change, plus the rows those changes added), so the total cost of a job's progress writes is
 * linear in its size (about the size of its final files again), and writing takes about a quarter of this
 * thread's time at most while the job runs: a job's events can come faster than its files are written (a backlog, a
 * restart), and on a small machine the fold, not the progress files, should have the cores then (measured in
 * bench/aggregator's analysed job, where a small first write let a ten times bigger one follow at once: 14,500-16,600
 * events/s with the last write's time, 19,989-21,004 with the next one's, tripled).
 * <p>
 * Nothing stops this thread silently: every job's write is guarded against any Throwable (an OutOfMemoryError
 * included), logged with the path and the cause, put in the job's status, and retried with a growing delay (up to
 * a minute); the loop itself is guarded the same way, and {@link #alive()} tells the liveness check it still turns.
 */
public final class OutputWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OutputWriter.class.getName());
    static final int GROWTH = 2;
    /** A running job's next rewrite waits at least this many times as long as its last write took. */
    static final int REST = 3;
    /** The most the next write is expected to outgrow the last (see {@code Progress.nextTook}). */
    static final int MAX_GROWTH = 10;
    private static final long MAX_BACKOFF_NANOS = Duration.ofMinutes(1).toNanos();

    private final Supplier<JobTables> tables;
    private final JobSignals signals;
    private final JobFiles files;
    private final OutputDirs dirs;
    private final Duration flushInterval;
    private final LongSupplier nanoClock;
    private final Map<String, Progress> progress = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /** What was last written for a job, and when it may be written again. */
    private static final class Progress {
        long version = -1;
        long rows;
        long writtenAt;
        long took;
        long retryAt;
        int failures;

        /**
         * How long the next write should take: the last one's time, grown as the job has (its rows grow with its
         * changes), up to {@value #MAX_GROWTH} times. A job's first small write must not let a much bigger one follow
         * at once while its events come in faster than files are written; the cap keeps a write of a nearly empty job
         * (its cost mostly fixed) from holding the next one back for long after a burst of events.
         */
        long nextTook(long versionNow) {
            double growth = version <= 0 ? 1 : Math.min(MAX_GROWTH, Math.max(1, (double) versionNow / version));
            return (long) (took * growth);
        }
    }

    /** @param tables the job tables of this instance's active tasks; may throw while the stores are unavailable */
    public OutputWriter(Supplier<JobTables> tables, JobSignals signals, JobFiles files, OutputDirs dirs,
                        Duration flushInterval, LongSupplier nanoClock) {
        this.tables = tables;
        this.signals = signals;
        this.files = files;
        this.dirs = dirs;
        this.flushInterval = flushInterval;
        this.nanoClock = nanoClock;
        this.thread = new Thread(this::run, "aggregator-writer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long pause = Math.max(10, flushInterval.toMillis());
        while (!closed) {
            try {
                turn();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "aggregator writer: unexpected failure (continuing)", t);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** Writes every job whose files are due and allowed now; public so that tests and shutdown can drive it. */
    public synchronized void turn() {
        List<String> due = new ArrayList<>(signals.filesDue());
        if (due.isEmpty()) {
            return;
        }
        JobTables view;
        try {
            view = tables.get();
        } catch (RuntimeException e) {
            // Stores move during a rebalance: try again on the next turn.
            LOG.log(System.Logger.Level.DEBUG, "job stores not available yet: " + e.getMessage());
            return;
        }
        for (String jobId : due) {
            try {
                write(view, jobId);
            } catch (Throwable t) {
                failed(jobId, t);
            }
        }
    }

    private void write(JobTables view, String jobId) throws Exception {
        JobTotals totals;
        try {
            totals = view.totals().get(jobId);
        } catch (RuntimeException e) {
            return;
        }
        Progress job = progress.computeIfAbsent(jobId, id -> new Progress());
        if (totals == null || !totals.planned()) {
            // Not ours (another instance's task) or no plan yet: the plan or the owning task marks it again.
            signals.filesWritten(jobId);
            return;
        }
        long now = nanoClock.getAsLong();
        if (job.retryAt != 0 && now - job.retryAt < 0) {
            return;
        }
        boolean complete = new JobFigures(totals).complete();
        if (totals.version() == job.version) {
            signals.filesWritten(jobId);
            if (complete && !totals.announced()) {
                signals.finalWritten(jobId, totals.version());
            }
            return;
        }
        if (!complete && job.version >= 0 && (now - job.writtenAt < Math.max(flushInterval.toNanos(), REST * job.nextTook(totals.version()))
                || totals.version() - job.version < Math.max(1, job.rows / GROWTH))) {
            return;
        }
        Path dir = dirs.resolve(totals.outputDir());
        long started = nanoClock.getAsLong();
        long rows = files.write(view, totals, dir);
        job.version = totals.version();
        job.rows = rows;
        job.writtenAt = nanoClock.getAsLong();
        job.took = job.writtenAt - started;
        signals.wrote(complete, job.took);
        job.retryAt = 0;
        job.failures = 0;
        signals.writeSucceeded(jobId);
        JobTotals after = view.totals().get(jobId);
        if (after != null && after.version() == totals.version()) {
            signals.filesWritten(jobId);
            if (complete) {
                signals.finalWritten(jobId, totals.version());
            }
        }
    }

    private void failed(String jobId, Throwable t) {
        Progress job = progress.computeIfAbsent(jobId, id -> new Progress());
        job.failures++;
        long backoff = Math.min(MAX_BACKOFF_NANOS, Duration.ofSeconds(1L << Math.min(6, job.failures - 1)).toNanos());
        job.retryAt = nanoClock.getAsLong() + backoff;
        // JobFiles names the file and the cause in its IOException; anything else is named by its class.
        String cause = t instanceof java.io.IOException || t instanceof OutputDirs.OutputRefusedException ? t.getMessage() : t.toString();
        signals.writeFailed(jobId, cause);
        LOG.log(System.Logger.Level.ERROR, "cannot write the files of job " + jobId + " (retry " + job.failures + " in "
                + Duration.ofNanos(backoff).toSeconds() + " s): " + cause, t.getCause() instanceof Error ? t.getCause() : t instanceof Error ? t : null);
    }

    /** Whether the loop still runs (it cannot end but by {@link #close()}); the liveness check reads it. */
    public boolean alive() {
        return closed || thread.isAlive();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
