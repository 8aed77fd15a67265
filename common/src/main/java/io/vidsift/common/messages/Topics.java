package io.vidsift.common.messages;

/** The topic names every service and every deployment manifest shares. */
public final class Topics {

    public static final String JOBS = "vidsift.jobs";
    public static final String CHUNKS = "vidsift.chunks";
    public static final String DOWNLOADS = "vidsift.downloads";
    public static final String VIDEOS = "vidsift.videos";
    public static final String ANALYSES = "vidsift.analyses";
    public static final String DLQ_SUFFIX = ".dlq";
    /**
     * The planner's own journal (compacted, keyed by job id): accepted plans, their cursors and idempotency keys.
     * Not a pipeline topic, so not in {@link #ALL} and without a dead-letter topic; only the planner reads it.
     */
    public static final String PLANS = "vidsift.plans";

    public static final java.util.List<String> ALL = java.util.List.of(JOBS, CHUNKS, DOWNLOADS, VIDEOS, ANALYSES);

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
