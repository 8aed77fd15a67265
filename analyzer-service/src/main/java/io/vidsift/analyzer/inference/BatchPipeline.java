package io.vidsift.analyzer.inference;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Overlaps decoding with inference: the decoding thread fills one batch buffer while an inference thread runs the
 * previous one. Buffers circulate through two bounded queues (free → filled → run → free), so at most
 * {@code buffers} batches are in flight and a slow model holds the decoder back instead of piling up frames.
 * With one buffer there is no thread: {@link #submit} runs the batch on the caller's thread.
 *
 * <p>Failure handling: a batch that throws on the inference thread is remembered; the thread keeps returning
 * buffers (without running them) so the decoding thread never blocks, and the next {@link #take}, {@link #submit}
 * or {@link #finish} rethrows it. {@link #close} waits for the inference thread to end, so whoever frees the native
 * memory the batches point into (tensors, swscale) does so only after the last {@code session.run} returned.
 */
final class BatchPipeline<B> implements AutoCloseable {

    /** Runs one full batch (on the inference thread when pipelined). */
    @FunctionalInterface
    interface Runner<B> {
        void run(B batch) throws Exception;
    }

    private static final Object END = new Object();

    private final Runner<B> runner;
    private final BlockingQueue<B> free;
    private final BlockingQueue<Object> filled;
    private final Thread thread;
    private volatile Exception failure;
    private boolean ended;

    BatchPipeline(List<B> buffers, Runner<B> runner, String threadName) {
        this.runner = runner;
        this.free = new ArrayBlockingQueue<>(buffers.size(), false, buffers);
        this.filled = new ArrayBlockingQueue<>(buffers.size() + 1);
        if (buffers.size() > 1) {
            thread = new Thread(this::loop, threadName);
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    boolean pipelined() {
        return thread != null;
    }

    /** The next buffer to fill; blocks while every buffer is queued or running. */
    B take() throws Exception {
        rethrow();
        B buffer = free.take();
        rethrow();
        return buffer;
    }

    /** Hands a filled buffer over to be run (runs it right here when not pipelined). */
    void submit(B buffer) throws Exception {
        if (thread == null) {
            try {
                runner.run(buffer);
            } finally {
                free.add(buffer);
            }
            return;
        }
        rethrow();
        filled.put(buffer);
    }

    /** Waits until every submitted batch has run; rethrows the first failure. */
    void finish() throws Exception {
        end();
        rethrow();
    }

    @Override
    public void close() {
        end();
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (thread == null) {
            return;
        }
        // Never more than buffers + 1 entries: END always fits.
        filled.add(END);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                // Keep waiting: returning now would let the caller free memory a session.run is still reading.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private void loop() {
        while (true) {
            Object next;
            try {
                next = filled.take();
            } catch (InterruptedException e) {
                // Nobody interrupts this thread but the JVM at exit.
                return;
            }
            if (next == END) {
                return;
            }
            B buffer = (B) next;
            try {
                if (failure == null) {
                    runner.run(buffer);
                }
            } catch (Exception | Error e) {
                failure = e instanceof Exception ex ? ex : new IllegalStateException(e);
            } finally {
                free.add(buffer);
            }
        }
    }

    private void rethrow() throws Exception {
        Exception f = failure;
        if (f != null) {
            throw f;
        }
    }
}
