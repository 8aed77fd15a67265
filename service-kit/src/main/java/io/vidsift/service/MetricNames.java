package io.vidsift.service;

/**
 * The meter names the services register on the injected {@code MeterRegistry}, kept in one place so that the
 * services, dashboards and k8s/README.md agree. Micrometer names are dotted; Prometheus sees them with '_' and a
 * unit suffix: a counter {@code vidsift.chunks} is scraped as {@code vidsift_chunks_total}, a timer
 * {@code vidsift.download} as {@code vidsift_download_seconds_count|_sum|_max}. Tag values are closed sets
 * (statuses, channel names), never ids, paths, URLs or anything carrying a token.
 */
public final class MetricNames {

    /** Counter, tag {@code status} (DownloadStatus key: downloaded, no_recording, address_failed, ...). Downloader. */
    public static final String CHUNKS = "vidsift.chunks";
    /** Counter, base unit bytes: bytes written to storage. Downloader. */
    public static final String DOWNLOAD_BYTES = "vidsift.download.bytes";
    /** Timer: wall time of one chunk's download (address request to file on storage). Downloader. */
    public static final String DOWNLOAD = "vidsift.download";
    /** Counter, tag {@code cause} (transient FailureCause key): chunk attempts that did not finish. Downloader. */
    public static final String DOWNLOADER_SETBACKS = "vidsift.downloader.setbacks";
    /** Gauge: systemic causes in effect (an API host, a download host or storage paused). Downloader. */
    public static final String DOWNLOADER_OUTAGES = "vidsift.downloader.outages";
    /** Counter, tag {@code status} (analysis status key). Analyzer. */
    public static final String VIDEOS = "vidsift.analyzer.videos";
    /** Counter: sampled frames decoded; frames per second is its rate(). Analyzer. */
    public static final String FRAMES = "vidsift.analyzer.frames";
    /** Timer, tag {@code device} (cpu|cuda): one inference run (one frame or batch). Analyzer. */
    public static final String INFERENCE = "vidsift.analyzer.inference";
    /** Timer: one video end to end (probe, frames, clips, inference). Analyzer. */
    public static final String ANALYSIS = "vidsift.analyzer.analysis";
    /** Counter: attempts at a video that met a full or unwritable storage (transient; nothing recorded). Analyzer. */
    public static final String STORAGE_SETBACKS = "vidsift.analyzer.storage.setbacks";
    /** Counter, tag {@code topic}: records folded into job state. Aggregator. */
    public static final String RECORDS = "vidsift.aggregator.records";
    /** Gauge, tag {@code state} (planned, downloading, analyzing, completed, ...): jobs per state. Aggregator. */
    public static final String JOBS = "vidsift.aggregator.jobs";
    /** Counter, tag {@code kind} (progress, final): a job's output files written. Aggregator. */
    public static final String FILE_WRITES = "vidsift.aggregator.file.writes";
    /** Counter, tag {@code kind} (progress, final): seconds spent writing them. Aggregator. */
    public static final String FILE_WRITE_SECONDS = "vidsift.aggregator.file.write.seconds";
    /** Counter, tag {@code mode} (hik_cloud, local): jobs whose JobPlanned the broker acknowledged. Planner. */
    public static final String PLANNER_JOBS = "vidsift.planner.jobs";
    /** Counter, tag {@code topic} (vidsift.chunks, vidsift.videos): work items the broker acknowledged. Planner. */
    public static final String PLANNER_WORK_ITEMS = "vidsift.planner.work.items";
    /** Gauge: accepted plans not yet completely published (queued, publishing, resumed). Planner. */
    public static final String PLANNER_BACKLOG = "vidsift.planner.backlog";
    /** Counter: unfinished plans picked up again from the plan journal at start-up. Planner. */
    public static final String PLANNER_PLANS_RESUMED = "vidsift.planner.plans.resumed";
    /** Counter: publish attempts that failed and were retried (a broker outage shows here). Planner. */
    public static final String PLANNER_PUBLISH_RETRIES = "vidsift.planner.publish.retries";
    /** Gauge, tags {@code group}, {@code topic}: records not yet consumed by this instance's group. Any consumer. */
    public static final String CONSUMER_LAG = "vidsift.consumer.lag";

    private MetricNames() {
    }
}
