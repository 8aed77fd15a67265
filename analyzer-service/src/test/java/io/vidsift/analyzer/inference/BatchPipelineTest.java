package io.vidsift.analyzer.inference;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchPipelineTest {

    @Test
    void runsEveryBatchInOrderOnItsOwnThread() throws Exception {
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        try (BatchPipeline<int[]> pipeline = new BatchPipeline<>(List.of(new int[1], new int[1]), b -> {
            ran.add(b[0]);
            threads.add(Thread.currentThread().getName());
        }, "test-inference")) {
            assertThat(pipeline.pipelined()).isTrue();
            for (int i = 0; i < 10; i++) {
                int[] buffer = pipeline.take();
                buffer[0] = i;
                pipeline.submit(buffer);
            }
            pipeline.finish();
        }
        assertThat(ran).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(threads).containsOnly("test-inference");
    }

    @Test
    void oneBufferRunsOnTheCallersThread() throws Exception {
        List<String> threads = new ArrayList<>();
        try (BatchPipeline<int[]> pipeline = new BatchPipeline<>(List.of(new int[1]), b -> threads.add(Thread.currentThread().getName()), "unused")) {
            assertThat(pipeline.pipelined()).isFalse();
            pipeline.submit(pipeline.take());
            pipeline.submit(pipeline.take());
            pipeline.finish();
        }
        assertThat(threads).containsOnly(Thread.currentThread().getName()).hasSize(2);
    }

    @Test
    void aFailureOnTheInferenceThreadReachesTheDecoderWithoutBlockingIt() throws Exception {
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        BatchPipeline<int[]> pipeline = new BatchPipeline<>(List.of(new int[1], new int[1], new int[1]), b -> {
            if (b[0] == 2) {
                throw new IllegalStateException("batch 2 failed");
            }
            ran.add(b[0]);
        }, "test-inference");
        Exception seen = null;
        // Far more batches than buffers: if failed batches did not come back, take() would block forever.
        for (int i = 0; i < 50 && seen == null; i++) {
            try {
                int[] buffer = pipeline.take();
                buffer[0] = i;
                pipeline.submit(buffer);
            } catch (IllegalStateException e) {
                seen = e;
            }
        }
        if (seen == null) {
            assertThatThrownBy(pipeline::finish).hasMessage("batch 2 failed");
        } else {
            assertThat(seen).hasMessage("batch 2 failed");
            assertThatThrownBy(pipeline::finish).hasMessage("batch 2 failed");
        }
        pipeline.close();
        assertThat(ran).containsExactly(0, 1);
    }

    @Test
    void closeWaitsForTheRunningBatch() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        BatchPipeline<int[]> pipeline = new BatchPipeline<>(List.of(new int[1], new int[1]), b -> {
            running.countDown();
            release.await();
            finished.set(true);
        }, "test-inference");
        pipeline.submit(pipeline.take());
        running.await();
        Thread releaser = new Thread(release::countDown);

        releaser.start();
        pipeline.close();

        // close() returned: the batch that was running when it was called has ended.
        assertThat(finished).isTrue();
        releaser.join();
    }
}
