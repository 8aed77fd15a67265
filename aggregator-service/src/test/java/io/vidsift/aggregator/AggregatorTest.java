package io.vidsift.aggregator;

import io.vidsift.aggregator.output.ManifestWriter;
import io.vidsift.aggregator.output.OutputDirs;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.JobCompleted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.vidsift.aggregator.Events.analysis;
import static io.vidsift.aggregator.Events.download;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregator with an in-memory "topic" standing in for Kafka: what it publishes is appended to the same log it
 * replays from, as on vidsift.jobs. The flush cadence is set to an hour so that the test drives flushes itself.
 */
class AggregatorTest {

    private static final String JOB = "job-agg";

    @TempDir
    Path base;

    private final List<Object> log = new CopyOnWriteArrayList<>();
    private final List<JobCompleted> published = new CopyOnWriteArrayList<>();

    private Aggregator aggregator() {
        History history = sink -> new ArrayList<>(log).forEach(sink);
        CompletionPublisher publisher = completed -> {
            published.add(completed);
            log.add(completed);
        };
        return new Aggregator(history, publisher, new ManifestWriter(), new OutputDirs(base), Duration.ofHours(1));
    }

    private void send(Aggregator aggregator, Object message) {
        log.add(message);
        aggregator.accept(message);
    }

    @Test
    void filesAreWrittenOnFlushNotPerEvent() {
        try (Aggregator aggregator = aggregator()) {
            aggregator.start();
            send(aggregator, Events.cloudJob(JOB, "out/job", 1, false));
            send(aggregator, download(JOB, 0, DownloadStatus.ADDRESS_OK, 1));
            Path manifest = base.resolve("out/job/hik_cloud_download_manifest.jsonl");
            assertThat(manifest).doesNotExist();
            aggregator.flush();
            assertThat(manifest).content().contains("\"status\":\"address_ok\"");
        }
    }

    @Test
    void aCompletedJobIsAnnouncedOnceAcrossRestarts() throws IOException {
        try (Aggregator aggregator = aggregator()) {
            aggregator.start();
            send(aggregator, Events.cloudJob(JOB, "out/job", 1, false));
            send(aggregator, download(JOB, 0, DownloadStatus.DOWNLOADED, 1));
            aggregator.flush();
            assertThat(published).isEmpty();
            // The process dies here with the analysis consumed but not flushed.
            send(aggregator, analysis(JOB, 0, AnalysisStatus.ANALYZED, 2));
            aggregator.restart();
            aggregator.flush();
            assertThat(published).singleElement().satisfies(c -> {
                assertThat(c.state()).isEqualTo("completed");
                assertThat(c.outputDir()).isEqualTo(base.resolve("out/job").toString());
                assertThat(c.completedAt()).isEqualTo(Events.at(2));
            });
            assertThat(Files.readAllLines(base.resolve("out/job/results.jsonl"))).hasSize(1);
            // Redelivery after the announcement, then two more restarts: nothing new to say.
            send(aggregator, analysis(JOB, 0, AnalysisStatus.ANALYZED, 2));
            aggregator.flush();
            aggregator.restart();
            aggregator.flush();
        }
        try (Aggregator second = aggregator()) {
            second.start();
            second.flush();
            assertThat(second.ledger().snapshot(JOB).orElseThrow().complete()).isTrue();
        }
        assertThat(published).hasSize(1);
    }

    @Test
    void aFailedAnnouncementIsRetriedOnTheNextFlush() {
        List<JobCompleted> sent = new ArrayList<>();
        boolean[] brokerDown = {true};
        CompletionPublisher flaky = completed -> {
            if (brokerDown[0]) {
                throw new IllegalStateException("broker unavailable");
            }
            sent.add(completed);
        };
        try (Aggregator aggregator = new Aggregator(sink -> { }, flaky, new ManifestWriter(), new OutputDirs(base), Duration.ofHours(1))) {
            aggregator.start();
            aggregator.accept(Events.localJob(JOB, "out/local", 1));
            aggregator.accept(Events.localAnalysis(JOB, "in/a.mp4", AnalysisStatus.ANALYZED, 1));
            aggregator.flush();
            assertThat(sent).isEmpty();
            brokerDown[0] = false;
            aggregator.flush();
            assertThat(sent).hasSize(1);
            aggregator.flush();
            assertThat(sent).hasSize(1);
        }
    }

    @Test
    void closingFlushesWhatIsPending() {
        try (Aggregator aggregator = aggregator()) {
            aggregator.start();
            send(aggregator, Events.localJob(JOB, "out/closing", 2));
            send(aggregator, Events.localAnalysis(JOB, "in/a.mp4", AnalysisStatus.ANALYZED, 1));
        }
        assertThat(base.resolve("out/closing/video_manifest.jsonl")).content().contains("in/a.mp4");
        assertThat(base.resolve("out/closing/hik_cloud_download_manifest.jsonl")).doesNotExist();
    }

    @Test
    void aJobWhoseFilesAreSlowToWriteIsRewrittenLessOftenUntilItCompletes() throws IOException {
        // Each reading of this clock is one second later: every write "takes" one second.
        long[] now = {0};
        java.util.function.LongSupplier clock = () -> now[0] += 1_000_000_000L;
        try (Aggregator aggregator = new Aggregator(sink -> { }, completed -> published.add(completed), new ManifestWriter(),
                new OutputDirs(base), Duration.ofHours(1), clock)) {
            aggregator.start();
            aggregator.accept(Events.localJob(JOB, "out/slow", 3));
            aggregator.accept(Events.localAnalysis(JOB, "in/a.mp4", AnalysisStatus.ANALYZED, 1));
            aggregator.flush();
            Path manifest = base.resolve("out/slow/video_manifest.jsonl");
            assertThat(Files.readAllLines(manifest)).hasSize(1);

            aggregator.accept(Events.localAnalysis(JOB, "in/b.mp4", AnalysisStatus.ANALYZED, 2));
            aggregator.flush();
            // Held back: the last write took 1 s, so the next may start 9 s after it ended.
            assertThat(Files.readAllLines(manifest)).hasSize(1);
            int flushes = 1;
            while (Files.readAllLines(manifest).size() == 1 && flushes < 20) {
                aggregator.flush();
                flushes++;
            }
            assertThat(Files.readAllLines(manifest)).hasSize(2);
            assertThat(flushes).isGreaterThan(Aggregator.WRITE_SHARE - 3);

            // Completion is written at once, backoff or not.
            aggregator.accept(Events.localAnalysis(JOB, "in/c.mp4", AnalysisStatus.ANALYZED, 3));
            aggregator.flush();
            assertThat(Files.readAllLines(manifest)).hasSize(3);
            assertThat(published).hasSize(1);
        }
    }
}
