package io.vidsift.planner;

import java.time.Clock;
import java.time.Duration;

/**
 * How the planner publishes and how long it remembers: work items per acknowledged batch, the backoff for a
 * failed publish, and how long a finished plan (and so its Idempotency-Key) is kept in the journal.
 */
public record PlannerSettings(int batchSize, RetryDelays delays, Duration journalRetention, Clock clock) {
}
