package io.vidsift.planner;

import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Publishes accepted plans on one thread. Open plans take turns, one acknowledged batch each, so a small job
 * submitted during a large one gets its work items onto the topic right away rather than after the large one.
 * After every batch the cursor is journaled; a restart resumes from it (the boundary batch may be published
 * twice, which chunk ids make harmless). A failed publish is a transient fault: the same batch is retried with
 * backoff for as long as it takes and the plan is never given up. Only a plan whose items cannot be produced
 * any more (its local input dir is gone) fails, once, with the reason.
 */
final class PlanWorker {

    private static final Logger LOG = Logger.getLogger(PlanWorker.class);

    private final JobPlanner planner;
    private final WorkPublisher publisher;
    private final PlanJournal journal;
    private final PlanBook book;
    private final PlanningMetrics metrics;
    private final int batchSize;
    private final RetryDelays delays;
    private final BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
    /** Touched only by the worker thread. */
    private final Deque<OpenPlan> open = new ArrayDeque<>();

    PlanWorker(JobPlanner planner, WorkPublisher publisher, PlanJournal journal, PlanBook book, PlanningMetrics metrics,
               int batchSize, RetryDelays delays) {
        this.planner = planner;
        this.publisher = publisher;
        this.journal = journal;
        this.book = book;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.delays = delays;
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
            OpenPlan plan = open.pollFirst();
            try {
                if (!step(plan)) {
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

    /** One turn of one plan; true when the plan is finished. */
    private boolean step(OpenPlan plan) {
        PlanStatus status = book.get(plan.jobId()).orElse(null);
        if (status == null || status.finished()) {
            return true;
        }
        if (PlanStatus.ACCEPTED.equals(status.state())) {
            publisher.planned(status.planned());
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
        if (!plan.nextBatch(batchSize)) {
            PlanStatus done = book.update(plan.jobId(), s -> s.progressed(plan.published()).in(PlanStatus.PUBLISHED));
            journal.write(PlanProgress.plan(done));
            journal.forgetCursor(plan.jobId());
            LOG.infof("job %s: published %d work items", plan.jobId(), plan.published());
            return true;
        }
        int chunks = plan.pendingChunks().size();
        int videos = plan.pendingVideos().size();
        if (chunks > 0) {
            publisher.chunks(plan.pendingChunks());
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
