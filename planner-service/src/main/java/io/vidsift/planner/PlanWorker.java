package io.vidsift.planner;

import io.vidsift.common.messages.ChunkRequested;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Publishes accepted plans on one thread. Open plans take turns, one acknowledged batch each, and a job whose
 * chunk window is full ({@link ChunkWindows}) waits for its outcomes while the others go on, so a small job
 * submitted during a large one gets its work items onto the topic behind at most one window of the large one's.
 * After every batch the cursor is journaled; a restart resumes from it (the boundary batch may be published
 * twice, which chunk ids make harmless). A failed publish is a transient fault: the same batch is retried with
 * backoff for as long as it takes and the plan is never given up. Only a plan whose items cannot be produced
 * any more (its local input dir is gone) fails, once, with the reason.
 */
final class PlanWorker {

    private static final Logger LOG = Logger.getLogger(PlanWorker.class);
    private static final long WINDOW_WAIT_MS = 100;

    private final JobPlanner planner;
    private final WorkPublisher publisher;
    private final PlanJournal journal;
    private final PlanBook book;
    private final PlanningMetrics metrics;
    private final int batchSize;
    private final RetryDelays delays;
    private final ChunkWindows windows;
    private final BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
    /** Touched only by the worker thread. */
    private final Deque<OpenPlan> open = new ArrayDeque<>();

    PlanWorker(JobPlanner planner, WorkPublisher publisher, PlanJournal journal, PlanBook book, PlanningMetrics metrics,
               int batchSize, RetryDelays delays, ChunkWindows windows) {
        this.planner = planner;
        this.publisher = publisher;
        this.journal = journal;
        this.book = book;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.delays = delays;
        this.windows = windows;
    }

    void enqueue(String jobId) {
        arrivals.add(jobId);
    }

    /** Runs until the thread is interrupted; an interrupted plan stays where its journal says. */
    void run() throws InterruptedException {
        int failures = 0;
        while (!Thread.currentThread().isInterrupted()) {
            if (open.isEmpty()) {
                open.add(new OpenPlan(arrivals.take()));
            }
            for (String jobId; (jobId = arrivals.poll()) != null; ) {
                open.add(new OpenPlan(jobId));
            }
            OpenPlan plan = nextWithRoom();
            if (plan == null) {
                // Every open plan waits for outcomes: look again shortly, or as soon as a job arrives.
                String arrived = arrivals.poll(WINDOW_WAIT_MS, TimeUnit.MILLISECONDS);
                if (arrived != null) {
                    open.add(new OpenPlan(arrived));
                }
                continue;
            }
            try {
                if (!step(plan, windows.room(plan.jobId()))) {
                    open.addLast(plan);
                }
                failures = 0;
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                failures++;
                metrics.publishRetried();
                String reason = describe(e);
                book.update(plan.jobId(), status -> status.retrying(reason));
                LOG.warnf("job %s: publishing failed after %d work items, retrying (%s)", plan.jobId(), plan.published(), reason);
                open.addLast(plan);
                Thread.sleep(delays.after(failures).toMillis());
            }
        }
    }

    /** The first open plan that may publish now, taken off the deque; the ones passed over go to its end. */
    private OpenPlan nextWithRoom() {
        for (int i = open.size(); i > 0; i--) {
            OpenPlan plan = open.pollFirst();
            if (windows.room(plan.jobId()) >= windows.worthATurn(batchSize)) {
                return plan;
            }
            open.addLast(plan);
        }
        return null;
    }

    /** One turn of one plan, publishing at most {@code room} chunks; true when the plan is finished. */
    private boolean step(OpenPlan plan, int room) {
        PlanStatus status = book.get(plan.jobId()).orElse(null);
        if (status == null || status.finished()) {
            windows.finished(plan.jobId());
            return true;
        }
        if (PlanStatus.ACCEPTED.equals(status.state())) {
            publisher.planned(status.header(), status.parts());
            metrics.jobPlanned(status.planned().config().mode());
            status = book.update(plan.jobId(), s -> s.in(PlanStatus.QUEUED));
            journal.write(PlanProgress.plan(status));
        }
        if (!plan.opened()) {
            try {
                plan.open(planner.items(status.planned()), status.published());
            } catch (JobRefused | java.io.UncheckedIOException e) {
                PlanStatus failed = book.update(plan.jobId(), s -> s.failed(e.getMessage()));
                journal.write(PlanProgress.plan(failed));
                LOG.errorf("job %s: cannot be planned any more: %s", plan.jobId(), e.getMessage());
                return true;
            }
        }
        if (!plan.nextBatch(Math.min(batchSize, room))) {
            PlanStatus done = book.update(plan.jobId(), s -> s.progressed(plan.published()).in(PlanStatus.PUBLISHED));
            journal.write(PlanProgress.plan(done));
            journal.forget(PlanProgress.cursorKey(plan.jobId()));
            windows.finished(plan.jobId());
            LOG.infof("job %s: published %d work items", plan.jobId(), plan.published());
            return true;
        }
        int chunks = plan.pendingChunks().size();
        int videos = plan.pendingVideos().size();
        if (chunks > 0) {
            publisher.chunks(plan.pendingChunks());
            windows.published(plan.jobId(), plan.pendingChunks().stream().map(ChunkRequested::chunkId).toList());
            metrics.chunksPublished(chunks);
        } else {
            publisher.videos(plan.pendingVideos());
            metrics.videosPublished(videos);
        }
        long published = plan.acknowledged();
        book.update(plan.jobId(), s -> s.progressed(published));
        journal.write(PlanProgress.cursor(plan.jobId(), published));
        return false;
    }

    /** A fault's kind and message, without anything a message could carry beyond the first line. */
    private static String describe(RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(cause.getMessage());
        int newline = message.indexOf('\n');
        return cause.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline));
    }
}
