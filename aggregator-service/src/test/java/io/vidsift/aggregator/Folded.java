package io.vidsift.aggregator;

import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.aggregator.domain.JobFold;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.domain.JobTotals;
import io.vidsift.aggregator.output.JobFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Events folded into in-memory tables, without Kafka: what the topology's stores hold after the same events. */
public record Folded(JobTables tables, ClipSource clipFiles) {

    public static final ClipSource NO_CLIP_FILES = (path, each) -> {
        throw new IOException("no clip file " + path + " in this test");
    };

    public static Folded of(List<AggregatorEvent> events) {
        return of(events, NO_CLIP_FILES);
    }

    public static Folded of(List<AggregatorEvent> events, ClipSource clipFiles) {
        Folded folded = new Folded(JobTables.inMemory(), clipFiles);
        events.forEach(folded::apply);
        return folded;
    }

    /** Folds the event, then every report that waited for its job's plan (the topology does it in batches). */
    public boolean apply(AggregatorEvent event) {
        JobFold fold = new JobFold(tables, clipFiles);
        boolean changed = fold.apply(event);
        while (fold.drainEarly(event.jobId(), 3)) {
            changed = true;
        }
        return changed;
    }

    public JobTotals totals(String jobId) {
        return tables.totals().get(jobId);
    }

    /** Writes the job's files into {@code dir} the way the service does. */
    public Path write(String jobId, Path dir) {
        try {
            new JobFiles(clipFiles).write(tables, totals(jobId), dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
