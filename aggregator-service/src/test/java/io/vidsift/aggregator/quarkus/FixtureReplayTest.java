package io.vidsift.aggregator.quarkus;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.ExpectedFiles;
import io.vidsift.aggregator.Fixture;
import io.vidsift.aggregator.JobsTopic;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.kafka.KafkaResource;
import io.vidsift.kafka.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The recorded sequences (duplicates, out-of-order arrival) through a real broker and the running service. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class FixtureReplayTest {

    private static final Path OUT = Path.of("target/aggregator-it/out");

    @Test
    void recordedSequencesGiveTheExpectedFilesLineForLine() {
        String bootstrap = SharedKafka.bootstrapServers();
        Map<String, String> outcomes = Map.of("job-fx-cloud", "completed_with_failures", "job-fx-local", "completed_with_failures",
                "job-fx-dryrun", "completed");
        outcomes.keySet().forEach(job -> Fixture.load(job).produce(bootstrap));
        for (Map.Entry<String, String> outcome : outcomes.entrySet()) {
            String job = outcome.getKey();
            // Files are flushed before the announcement, so once it is there they are final.
            List<JobCompleted> completed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> JobsTopic.completions(bootstrap, job), c -> !c.isEmpty());
            assertThat(completed).singleElement().satisfies(c -> {
                assertThat(c.state()).isEqualTo(outcome.getValue());
                assertThat(Path.of(c.outputDir())).isEqualTo(OUT.resolve(job).toAbsolutePath());
            });
            ExpectedFiles.assertMatches(job, OUT.resolve(job));
            assertThat(OUT.resolve(job).resolve("report.html")).content().contains("<svg class=\"timeline");
        }
    }

    @Test
    void poisonGoesToItsDeadLetterTopicAndConsumptionContinues() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            MessageCodec codec = new MessageCodec();
            producer.send(new ProducerRecord<>(Topics.DOWNLOADS, "poison-1", "{not json")).get();
            producer.send(new ProducerRecord<>(Topics.ANALYSES, "poison-2", "{\"job_id\":\"j\",\"status\":\"analyzed\"}")).get();
            producer.send(new ProducerRecord<>(Topics.JOBS, "job-after-poison", codec.write(Events.localJob("job-after-poison", "out/job-after-poison", 1)))).get();
            producer.send(new ProducerRecord<>(Topics.ANALYSES, "v", codec.write(
                    Events.localAnalysis("job-after-poison", "in/a.mp4", AnalysisStatus.ANALYZED, 1)))).get();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> JobsTopic.completions(bootstrap, "job-after-poison"), c -> !c.isEmpty());
        assertThat(deadLetter(bootstrap, Topics.deadLetter(Topics.DOWNLOADS), "poison-1")).hasValueSatisfying(reason ->
                assertThat(reason).contains("not a valid DownloadRecorded"));
        assertThat(deadLetter(bootstrap, Topics.deadLetter(Topics.ANALYSES), "poison-2")).hasValueSatisfying(reason ->
                assertThat(reason).contains("video_id is missing"));
    }

    /** The dead-letter-reason header of the record with {@code key}, once it has landed. */
    private static Optional<String> deadLetter(String bootstrap, String topic, String key) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> JobsTopic.all(bootstrap, topic).stream().filter(r -> key.equals(r.key())).findFirst()
                        .map(FixtureReplayTest::reason), Optional::isPresent);
    }

    private static String reason(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("dead-letter-reason");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
