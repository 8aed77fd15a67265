package io.vidsift.aggregator.streams;

import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.aggregator.domain.JobFigures;
import io.vidsift.aggregator.domain.JobFold;
import io.vidsift.aggregator.domain.JobSignals;
import io.vidsift.aggregator.domain.JobStatus;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.domain.JobTotals;
import io.vidsift.aggregator.output.OutputDirs;
import io.vidsift.aggregator.output.OutputFile;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds each event into its job's stores ({@link JobFold}) and, on a wall-clock punctuation, publishes the status
 * of changed jobs and announces jobs whose complete files the writer has written. Announcing happens here, on the
 * stream thread, so that the JobCompleted record and the "announced" flag in the totals store commit in one
 * exactly-once transaction: an instance that dies before the commit leaves neither, and the task's next owner
 * writes the final files again and announces once.
 */
final class JobProcessor implements Processor<String, AggregatorEvent, String, AggregatorTopology.Output> {

    private static final System.Logger LOG = System.getLogger(JobProcessor.class.getName());
    static final int EARLY_BATCH = 500;

    private final JobSignals signals;
    private final OutputDirs dirs;
    private final ClipSource clipFiles;
    private final MessageCodec codec;
    private final Duration statusInterval;
    private ProcessorContext<String, AggregatorTopology.Output> context;
    private KeyValueStore<String, JobTotals> totals;
    private JobFold fold;
    // Planned jobs of this task that may still have reports waiting for their plan (folded a batch at a time).
    private final java.util.Set<String> draining = new java.util.LinkedHashSet<>();

    JobProcessor(JobSignals signals, OutputDirs dirs, ClipSource clipFiles, MessageCodec codec, Duration statusInterval) {
        this.signals = signals;
        this.dirs = dirs;
        this.clipFiles = clipFiles;
        this.codec = codec;
        this.statusInterval = statusInterval;
    }

    @Override
    public void init(ProcessorContext<String, AggregatorTopology.Output> context) {
        this.context = context;
        this.totals = context.getStateStore(AggregatorTopology.TOTALS);
        this.fold = new JobFold(tables(context), clipFiles);
        // The stores are restored by now: every job of this task that is not announced yet gets its files written
        // (again) and, once they are complete, its announcement; every job's status is published afresh.
        try (KeyValueIterator<String, JobTotals> all = totals.all()) {
            while (all.hasNext()) {
                JobTotals job = all.next().value;
                if (job.planned()) {
                    draining.add(job.jobId());
                    signals.statusDue().add(job.jobId());
                    if (!job.announced()) {
                        signals.changed(job.jobId());
                    }
                }
            }
        }
        context.schedule(statusInterval, PunctuationType.WALL_CLOCK_TIME, now -> punctuate());
    }

    static JobTables tables(ProcessorContext<?, ?> context) {
        return new JobTables(new StoreTable<>(context.getStateStore(AggregatorTopology.PLANS)),
                new StoreTable<>(context.getStateStore(AggregatorTopology.TOTALS)),
                new StoreTable<>(context.getStateStore(AggregatorTopology.CHUNKS)),
                new StoreTable<>(context.getStateStore(AggregatorTopology.VIDEOS)),
                new StoreTable<>(context.getStateStore(AggregatorTopology.CLIPS)),
                new StoreTable<>(context.getStateStore(AggregatorTopology.CAMERAS)),
                new StoreTable<>(context.getStateStore(AggregatorTopology.HOURS)),
                new StoreTable<>(context.getStateStore(AggregatorTopology.EARLY)));
    }

    @Override
    public void process(Record<String, AggregatorEvent> record) {
        AggregatorEvent event = record.value();
        if (event == null) {
            return;
        }
        if (fold.apply(event)) {
            signals.changed(event.jobId());
        }
        if (event.plan() != null) {
            draining.add(event.jobId());
        }
        drain();
        signals.folded(event.topic());
    }

    /** Folds one batch of reports that came before their job's plan, if any wait. */
    private void drain() {
        if (draining.isEmpty()) {
            return;
        }
        String jobId = draining.iterator().next();
        JobTotals before = totals.get(jobId);
        boolean more = fold.drainEarly(jobId, EARLY_BATCH);
        JobTotals after = totals.get(jobId);
        if (before != null && after != null && after.version() != before.version()) {
            signals.changed(jobId);
        }
        if (!more) {
            draining.remove(jobId);
        }
    }

    private void punctuate() {
        drain();
        List<String> due = new ArrayList<>(signals.statusDue());
        for (String jobId : due) {
            JobTotals job = totals.get(jobId);
            if (job == null) {
                continue; // another task's job
            }
            signals.statusDue().remove(jobId);
            if (job.planned()) {
                context.forward(new Record<>(jobId, new AggregatorTopology.Output(AggregatorTopology.STATUS_TOPIC,
                        codec.write(status(job))), context.currentSystemTimeMs()));
            }
        }
        for (Map.Entry<String, Long> written : new ArrayList<>(signals.finalWritten().entrySet())) {
            String jobId = written.getKey();
            JobTotals job = totals.get(jobId);
            if (job == null) {
                continue;
            }
            signals.finalWritten().remove(jobId, written.getValue());
            JobFigures figures = new JobFigures(job);
            if (job.announced() || !figures.complete()) {
                continue;
            }
            if (job.version() != written.getValue()) {
                signals.changed(jobId); // changed since the files were written: write them again first
                continue;
            }
            JobCompleted completed = figures.completion(outputDir(job));
            context.forward(new Record<>(jobId, new AggregatorTopology.Output(Topics.JOBS, codec.write(completed)),
                    context.currentSystemTimeMs()));
            job.markAnnounced();
            totals.put(jobId, job);
            signals.statusDue().add(jobId);
            LOG.log(System.Logger.Level.INFO, "job {0} {1}: {2}", jobId, completed.state(), completed.counts());
        }
    }

    private JobStatus status(JobTotals job) {
        String dir = outputDir(job);
        Map<String, String> outputs = new LinkedHashMap<>();
        for (OutputFile file : OutputFile.forJob(job.local(), job.dryRun())) {
            outputs.put(file.fileName(), Path.of(dir).resolve(file.fileName()).toString());
        }
        return JobStatus.of(job, dir, outputs, signals.writeError(job.jobId()));
    }

    /** The folder the files go to; a refused one is still named (its status carries the refusal). */
    private String outputDir(JobTotals job) {
        try {
            return dirs.resolve(job.outputDir()).toString();
        } catch (OutputDirs.OutputRefusedException e) {
            signals.writeFailed(job.jobId(), e.getMessage());
            return dirs.base().resolve(job.outputDir() == null ? "." : job.outputDir()).normalize().toString();
        }
    }
}
