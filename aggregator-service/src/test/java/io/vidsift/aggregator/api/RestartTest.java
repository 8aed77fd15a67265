package io.vidsift.aggregator.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vidsift.aggregator.Fixture;
import io.vidsift.aggregator.JobsTopic;
import io.vidsift.aggregator.domain.JobLedger;
import io.vidsift.aggregator.output.ManifestWriter;
import io.vidsift.aggregator.output.OutputFile;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.kafka.KafkaResource;
import io.vidsift.kafka.SharedKafka;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills the aggregator's state mid-job (all in-memory state and unflushed writes dropped, then rebuilt from the
 * topics while the consumers keep delivering) and checks that nothing is lost or duplicated and the job completes
 * once.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class RestartTest {

    private static final String JOB = "job-fx-restart";
    private static final Path DIR = Path.of("target/aggregator-it/out", JOB);

    @Inject
    AggregatorService service;

    @TempDir
    Path reference;

    @Test
    void aRestartMidJobLosesAndDuplicatesNothing() throws IOException {
        String bootstrap = SharedKafka.bootstrapServers();
        Fixture fixture = Fixture.load(JOB);
        int half = 9;
        fixture.slice(0, half).produce(bootstrap);
        // The first half is in: the plan and four of the six chunks have been written out.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> lines(DIR.resolve("hik_cloud_download_manifest.jsonl")).size() == 4);

        service.aggregator().restart();
        fixture.slice(half, fixture.records().size()).produce(bootstrap);

        List<JobCompleted> completed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> JobsTopic.completions(bootstrap, JOB), c -> !c.isEmpty());
        assertThat(completed).singleElement().extracting(JobCompleted::state).isEqualTo("completed_with_failures");

        // What an aggregator that never restarted writes for the same events.
        JobLedger ledger = new JobLedger();
        fixture.messages().forEach(ledger::apply);
        new ManifestWriter().write(ledger.snapshot(JOB).orElseThrow(), reference, EnumSet.allOf(OutputFile.class));
        for (OutputFile file : List.of(OutputFile.DOWNLOAD_MANIFEST, OutputFile.VIDEO_MANIFEST, OutputFile.RESULTS, OutputFile.SUMMARY)) {
            assertThat(lines(DIR.resolve(file.fileName()))).as(file.fileName())
                    .containsExactlyElementsOf(lines(reference.resolve(file.fileName())));
        }
        assertThat(lines(DIR.resolve("hik_cloud_download_manifest.jsonl"))).hasSize(6).doesNotHaveDuplicates();
        assertThat(lines(DIR.resolve("video_manifest.jsonl"))).hasSize(3);
        assertThat(lines(DIR.resolve("results.jsonl"))).hasSize(7).doesNotHaveDuplicates();

        // Restarting after the announcement, and flushing, must not announce the job again.
        service.aggregator().restart();
        service.aggregator().flush();
        assertThat(JobsTopic.completions(bootstrap, JOB)).hasSize(1);
        assertThat(lines(DIR.resolve("hik_cloud_download_manifest.jsonl"))).hasSize(6);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
