package io.vidsift.planner;

/**
 * A job as it arrived: the body, its declared type and the request's overrides ({@code dryRun}, {@code outputDir},
 * null when absent) and {@code Idempotency-Key} (null when absent).
 */
public record SubmittedJob(byte[] body, String contentType, Boolean dryRun, String outputDir, String idempotencyKey) {
}
