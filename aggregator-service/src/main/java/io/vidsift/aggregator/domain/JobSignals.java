package io.vidsift.aggregator.domain;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the stream threads and the file writer tell each other about jobs, in this instance's memory: which jobs
 * changed (their files and status are due), which final files were written at which state version (the job may
 * now be announced), and the last write error per job (shown in its status). Lost with the process, on purpose:
 * a task that starts (after a restart or a move) marks every job it holds that is not yet announced.
 */
public final class JobSignals {

    private final Set<String> filesDue = ConcurrentHashMap.newKeySet();
    private final Set<String> statusDue = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> finalWritten = new ConcurrentHashMap<>();
    private final Map<String, String> writeErrors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> folded = new ConcurrentHashMap<>();
    private final LongAdder[] writes = {new LongAdder(), new LongAdder()};
    private final LongAdder[] writeNanos = {new LongAdder(), new LongAdder()};

    /** Counts an event folded, by its input topic (the records metric reads these). */
    public void folded(String topic) {
        folded.computeIfAbsent(topic, t -> new LongAdder()).increment();
    }

    public long foldedCount(String topic) {
        var count = folded.get(topic);
        return count == null ? 0 : count.sum();
    }

    /** Counts a job's files written, a running job's progress or a complete job's final ones, and how long it took. */
    public void wrote(boolean complete, long nanos) {
        int kind = complete ? 1 : 0;
        writes[kind].increment();
        writeNanos[kind].add(nanos);
    }

    /** Jobs' files written so far, progress ({@code complete} false) or final (the writes metric reads these). */
    public long writeCount(boolean complete) {
        return writes[complete ? 1 : 0].sum();
    }

    /** Seconds spent writing them. */
    public double writeSeconds(boolean complete) {
        return writeNanos[complete ? 1 : 0].sum() / 1e9;
    }

    /** The job's state changed: its files and its status are due. */
    public void changed(String jobId) {
        filesDue.add(jobId);
        statusDue.add(jobId);
    }

    public Set<String> filesDue() {
        return filesDue;
    }

    public Set<String> statusDue() {
        return statusDue;
    }

    public void filesWritten(String jobId) {
        filesDue.remove(jobId);
    }

    /** The job's complete files were written from state {@code version}; it may be announced if nothing changed since. */
    public void finalWritten(String jobId, long version) {
        finalWritten.put(jobId, version);
    }

    public Map<String, Long> finalWritten() {
        return finalWritten;
    }

    public void writeFailed(String jobId, String error) {
        if (!error.equals(writeErrors.put(jobId, error))) {
            statusDue.add(jobId);
        }
    }

    public void writeSucceeded(String jobId) {
        if (writeErrors.remove(jobId) != null) {
            statusDue.add(jobId);
        }
    }

    public String writeError(String jobId) {
        return writeErrors.get(jobId);
    }
}
