package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.VideoAnalyzed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds the aggregator's input events into per-job state. Every fold is idempotent and order-independent, so a
 * ledger rebuilt by replaying the topics equals the one that saw the events live. Thread-safe: consumers fold
 * while the flusher and the REST API take snapshots.
 */
public final class JobLedger {

    private final Map<String, JobState> jobs = new HashMap<>();

    /** Applies one decoded message; returns whether the job's content changed (and so its files must be rewritten). */
    public synchronized boolean apply(Object message) {
        if (message instanceof JobPlanned planned) {
            return job(planned.jobId()).plan(planned);
        }
        if (message instanceof DownloadRecorded recorded) {
            return job(recorded.jobId()).record(recorded);
        }
        if (message instanceof VideoAnalyzed analyzed) {
            return job(analyzed.jobId()).record(analyzed);
        }
        if (message instanceof JobCompleted completed) {
            // Our own earlier announcement, read back: remembering it is what stops a restart from repeating it.
            job(completed.jobId()).announced(completed);
            return false;
        }
        throw new IllegalArgumentException("not an aggregator event: " + message.getClass().getName());
    }

    public synchronized void announced(JobCompleted completed) {
        job(completed.jobId()).announced(completed);
    }

    public synchronized Optional<JobSnapshot> snapshot(String jobId) {
        JobState state = jobs.get(jobId);
        return state == null ? Optional.empty() : Optional.of(state.snapshot());
    }

    /** Jobs whose plan is known, in job id order. */
    public List<JobSnapshot> planned() {
        List<String> ids;
        synchronized (this) {
            ids = new ArrayList<>(jobs.keySet());
        }
        ids.sort(null);
        List<JobSnapshot> snapshots = new ArrayList<>();
        for (String id : ids) {
            snapshot(id).filter(JobSnapshot::planned).ifPresent(snapshots::add);
        }
        return snapshots;
    }

    public synchronized List<String> jobIds() {
        List<String> ids = new ArrayList<>(jobs.keySet());
        ids.sort(null);
        return ids;
    }

    private JobState job(String jobId) {
        return jobs.computeIfAbsent(jobId, JobState::new);
    }
}
