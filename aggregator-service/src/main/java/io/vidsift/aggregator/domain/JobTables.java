package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.JobPlanned;

/**
 * All job state, one table per kind of row (each a Kafka Streams store in the service). Keys come from
 * {@link Keys}; every table is partitioned by job, so one job lives in one task.
 *
 * @param plans   job id → the plan (written once)
 * @param totals  job id → counters
 * @param chunks  the winning report per chunk
 * @param videos  the video manifest's rows (pending chunks and analyses without clips)
 * @param clips   schema 1 inline clips, by video and index
 * @param cameras per camera counters
 * @param hours   per camera-hour figures
 * @param early   reports that arrived before their job's plan, replayed when it comes
 */
public record JobTables(Table<JobPlanned> plans, Table<JobTotals> totals, Table<DownloadRecorded> chunks,
                        Table<VideoEntry> videos, Table<ClipResult> clips, Table<CameraTotals> cameras,
                        Table<HourBucket> hours, Table<AggregatorEvent> early) {

    public static JobTables inMemory() {
        return new JobTables(new MemoryTable<>(), new MemoryTable<>(), new MemoryTable<>(), new MemoryTable<>(),
                new MemoryTable<>(), new MemoryTable<>(), new MemoryTable<>(), new MemoryTable<>());
    }
}
