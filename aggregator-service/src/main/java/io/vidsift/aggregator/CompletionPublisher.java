package io.vidsift.aggregator;

import io.vidsift.common.messages.JobCompleted;

/** Sends a JobCompleted and returns once the broker has it; throws when it could not be sent. */
@FunctionalInterface
public interface CompletionPublisher {

    void publish(JobCompleted completed);
}
