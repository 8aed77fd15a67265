package io.vidsift.common.messages;

import java.util.Map;

/** Published by the aggregator when every chunk and video of a job is terminal. */
public record JobCompleted(
        int schema,
        String jobId,
        String state,
        Map<String, Long> counts,
        String outputDir,
        String completedAt) {

    public static final String COMPLETED = "completed";
    public static final String COMPLETED_WITH_FAILURES = "completed_with_failures";
}
