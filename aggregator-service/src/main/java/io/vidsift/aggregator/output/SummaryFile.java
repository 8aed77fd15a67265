package io.vidsift.aggregator.output;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vidsift.aggregator.domain.JobClock;
import io.vidsift.aggregator.domain.JobFigures;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.domain.JobTotals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * {@code summary.json}, written camera by camera from the job's counters and hour buckets: the same document the
 * {@link Summary} record describes, indented the same way, without ever holding every camera's timeline at once.
 */
final class SummaryFile {

    private SummaryFile() {
    }

    static void write(Writer out, OutputJson json, JobTables tables, JobTotals totals) throws IOException {
        JobFigures figures = new JobFigures(totals);
        CameraSummaries cameras = new CameraSummaries(tables, totals.jobId(), new JobClock(totals.zone()));
        Summary.Totals sums = totals(cameras, totals, figures);
        try (JsonGenerator gen = json.document(out)) {
            gen.writeStartObject();
            field(gen, "job_id", totals.jobId());
            field(gen, "name", totals.name());
            field(gen, "mode", totals.mode());
            field(gen, "dry_run", totals.dryRun());
            field(gen, "state", figures.phase().key());
            field(gen, "progress", figures.progress());
            field(gen, "timezone", totals.zone().getId());
            field(gen, "planned_at", totals.plannedAt());
            field(gen, "started_at", totals.firstReport());
            field(gen, "finished_at", figures.finishedAt());
            field(gen, "totals", sums);
            gen.writeFieldName("cameras");
            gen.writeStartArray();
            try {
                cameras.forEach(true, (camera, summary) -> {
                    try {
                        gen.writeObject(summary);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return true;
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        out.write('\n');
    }

    /** Job totals; the hours are the sums of the cameras' (rounded) hours, null when no camera has any. */
    static Summary.Totals totals(CameraSummaries cameras, JobTotals totals, JobFigures figures) {
        Double[] hours = new Double[3];
        cameras.forEach(false, (camera, summary) -> {
            List<Double> mine = java.util.Arrays.asList(summary.hoursRequested(), summary.hoursDownloaded(), summary.hoursAnalyzed());
            for (int i = 0; i < 3; i++) {
                if (mine.get(i) != null) {
                    hours[i] = (hours[i] == null ? 0 : hours[i]) + mine.get(i);
                }
            }
            return true;
        });
        for (int i = 0; i < 3; i++) {
            hours[i] = hours[i] == null ? null : CameraSummaries.round(hours[i]);
        }
        return new Summary.Totals(totals.plannedChunks(), totals.plannedFiles(), figures.chunksByStatus(),
                figures.videosByStatus(), totals.clips(), figures.failures(), hours[0], hours[1], hours[2]);
    }

    private static void field(JsonGenerator out, String name, Object value) throws IOException {
        out.writeFieldName(name);
        out.writeObject(value);
    }
}
