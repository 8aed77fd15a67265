package io.vidsift.aggregator.streams;

import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.ExpectedFiles;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.JobsTopic;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.aggregator.output.OutputFile;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.kafka.EmbeddedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two aggregator instances (JVMs of their own, different state dirs) on one broker share the job's events; the one
 * that holds the job is killed with SIGKILL mid-job; the other finishes it, with files identical to what a single
 * never-interrupted aggregator writes for the same events, and exactly one (committed) JobCompleted. Most events are
 * keyed by job (folded on the partition they are read from), some as older producers keyed them (re-routed).
 */
class FailoverTest {

    private static final String JOB = "job-failover";
    private static final int CHUNKS = 400;

    @TempDir
    Path tmp;

    @Test
    void theSurvivorFinishesAKilledInstancesJobOnce() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(3)) {
            String bootstrap = kafka.bootstrapServers();
            kafka.createTopics(List.of(Topics.JOBS, Topics.DOWNLOADS, Topics.ANALYSES));
            Path storage = Files.createDirectories(tmp.resolve("storage"));
            List<AggregatorEvent> first = new ArrayList<>();
            List<AggregatorEvent> rest = new ArrayList<>();
            first.add(AggregatorEvent.of(Events.cloudJob(JOB, "out/" + JOB, CHUNKS, false)));
            for (int i = 0; i < CHUNKS; i++) {
                first.add(AggregatorEvent.of(Events.download(JOB, i, DownloadStatus.ADDRESS_OK, i)));
                first.add(AggregatorEvent.of(Events.download(JOB, i, i % 10 == 0 ? DownloadStatus.NO_RECORDING : DownloadStatus.DOWNLOADED, i + 1)));
                var analysis = AggregatorEvent.of(Events.analysis(JOB, i, i % 7 == 0 ? AnalysisStatus.DECODE_FAILED : AnalysisStatus.ANALYZED, i + 2));
                if (i % 10 != 0) {
                    (i < CHUNKS / 2 ? first : rest).add(analysis);
                }
            }
            rest.add(first.get(5)); // a redelivery after the failover

            List<Instance> instances = List.of(start(bootstrap, storage, "a"), start(bootstrap, storage, "b"));
            try {
                for (Instance instance : instances) {
                    instance.awaitLine("READY");
                }
                produce(bootstrap, first);
                Process owner = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> instances.stream().filter(i -> i.log().contains("OWNS " + JOB)).findFirst(), o -> o.isPresent())
                        .get().process();
                Path manifest = storage.resolve("out/" + JOB + "/video_manifest.jsonl");
                // Mid-job: the owner has folded and written part of the job (nothing is complete: analyses are missing).
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Files.exists(manifest) && Files.readAllLines(manifest).size() > 10);
                owner.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no flush
                assertThat(owner.waitFor()).isEqualTo(137);
                produce(bootstrap, rest);

                List<JobCompleted> completed = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> JobsTopic.completions(bootstrap, JOB), c -> !c.isEmpty());
                assertThat(completed).singleElement().satisfies(c -> assertThat(c.state()).isEqualTo("completed_with_failures"));

                List<AggregatorEvent> all = new ArrayList<>(first);
                all.addAll(rest);
                Path reference = Folded.of(all).write(JOB, tmp.resolve("reference"));
                Path dir = storage.resolve("out/" + JOB);
                for (OutputFile file : ExpectedFiles.DATA_FILES) {
                    assertThat(Files.readAllLines(dir.resolve(file.fileName()))).as(file.fileName())
                            .containsExactlyElementsOf(Files.readAllLines(reference.resolve(file.fileName())));
                }
                assertThat(Files.readAllLines(dir.resolve("video_manifest.jsonl"))).hasSize(CHUNKS - CHUNKS / 10);
                assertThat(JobsTopic.completions(bootstrap, JOB)).hasSize(1);
            } finally {
                for (Instance instance : instances) {
                    instance.process().destroyForcibly();
                    instance.process().waitFor();
                }
            }
        }
    }

    /** A child JVM running {@link AggregatorMain}, and the file its output goes to. */
    private record Instance(Process process, Path logFile) {

        String log() {
            try {
                return Files.exists(logFile) ? Files.readString(logFile) : "";
            } catch (IOException e) {
                return "";
            }
        }

        void awaitLine(String line) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("aggregator instance exited: " + log());
                }
                return log().lines().anyMatch(line::equals);
            });
        }
    }

    private Instance start(String bootstrap, Path storage, String name) throws IOException {
        Path logFile = tmp.resolve("instance-" + name + ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), AggregatorMain.class.getName(), bootstrap, storage.toString(),
                tmp.resolve("state-" + name).toString(), "vidsift-aggregator-failover", JOB);
        return new Instance(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start(), logFile);
    }

    private static void produce(String bootstrap, List<AggregatorEvent> events) throws Exception {
        MessageCodec codec = new MessageCodec();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"))) {
            int sent = 0;
            for (AggregatorEvent event : events) {
                // Keyed by job, as the planner, downloader and analyzer produce them (folded where they are read);
                // every fifth as an older producer keyed it, by chunk or video (it crosses the repartition topic).
                boolean older = sent++ % 5 == 4;
                if (event.plan() != null) {
                    producer.send(new ProducerRecord<>(Topics.JOBS, event.plan().jobId(), codec.write(event.plan())));
                } else if (event.download() != null) {
                    producer.send(new ProducerRecord<>(Topics.DOWNLOADS, older ? event.download().chunkId() : JOB, codec.write(event.download())));
                } else {
                    producer.send(new ProducerRecord<>(Topics.ANALYSES, older ? event.analysis().videoId() : JOB, codec.write(event.analysis())));
                }
            }
            producer.flush();
        }
    }
}
