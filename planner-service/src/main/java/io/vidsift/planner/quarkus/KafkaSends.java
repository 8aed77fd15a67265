package io.vidsift.planner.quarkus;

import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a set of sends: every one acknowledged, or an exception the planner retries. */
final class KafkaSends {

    /** The producer's delivery.timeout.ms. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    /** How long a caller waits: beyond the delivery timeout, so every send has its own answer by then. */
    static final Duration TIMEOUT = DELIVERY_TIMEOUT.plusSeconds(10);

    private KafkaSends() {
    }

    static void await(List<Future<RecordMetadata>> sends) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new PublishFailed("not acknowledged: " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailed("not acknowledged within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailed("interrupted while waiting for acknowledgements", e);
        }
    }

    /** A send that was not acknowledged; the caller retries it. */
    static final class PublishFailed extends RuntimeException {

        PublishFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
