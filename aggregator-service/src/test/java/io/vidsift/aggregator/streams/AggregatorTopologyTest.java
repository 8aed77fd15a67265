package io.vidsift.aggregator.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.ExpectedFiles;
import io.vidsift.aggregator.Fixture;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.domain.JobSignals;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.output.JobFiles;
import io.vidsift.aggregator.output.OutputDirs;
import io.vidsift.aggregator.output.OutputWriter;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.messages.VideoAnalyzed;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology on Kafka Streams' TopologyTestDriver: precedence, counters, completion and dead letters, with the
 * real stores and the real file writer (driven turn by turn here; in the service it is a thread).
 */
class AggregatorTopologyTest {

    private static final Duration STATUS_INTERVAL = Duration.ofMillis(500);

    @TempDir
    Path tmp;

    private final MessageCodec codec = new MessageCodec();
    private final JobSignals signals = new JobSignals();
    private TopologyTestDriver driver;
    private OutputWriter writer;
    private Map<String, TestInputTopic<String, String>> inputs;
    private TestOutputTopic<String, String> jobs;
    private TestOutputTopic<String, String> statuses;
    private final Map<String, JsonNode> latestStatus = new HashMap<>();

    @BeforeEach
    void start() {
        start(1);
    }

    /** The topology with {@code partitions} fold partitions (the driver puts every record on partition 0). */
    private void start(int partitions) {
        Path out = tmp.resolve("out");
        OutputDirs dirs = new OutputDirs(out, List.of(out));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vidsift-aggregator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("state").toString());
        driver = new TopologyTestDriver(AggregatorTopology.build(codec, signals, dirs, Folded.NO_CLIP_FILES, STATUS_INTERVAL, partitions), props);
        writer = new OutputWriter(this::tables, signals, new JobFiles(Folded.NO_CLIP_FILES), dirs, Duration.ZERO, System::nanoTime);
        inputs = new HashMap<>();
        for (String topic : List.of(Topics.JOBS, Topics.DOWNLOADS, Topics.ANALYSES)) {
            inputs.put(topic, driver.createInputTopic(topic, new StringSerializer(), new StringSerializer()));
        }
        jobs = driver.createOutputTopic(Topics.JOBS, new StringDeserializer(), new StringDeserializer());
        statuses = driver.createOutputTopic(AggregatorTopology.STATUS_TOPIC, new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private JobTables tables() {
        return new JobTables(new StoreTable<>(driver.getKeyValueStore(AggregatorTopology.PLANS)),
                new StoreTable<>(driver.getKeyValueStore(AggregatorTopology.TOTALS)),
                new StoreTable<>(driver.getKeyValueStore(AggregatorTopology.CHUNKS)),
                new StoreTable<>(driver.getKeyValueStore(AggregatorTopology.VIDEOS)),
                new StoreTable<>(driver.getKeyValueStore(AggregatorTopology.CLIPS)),
                new StoreTable<>(driver.getKeyValueStore(AggregatorTopology.CAMERAS)),
                new StoreTable<>(driver.getKeyValueStore(AggregatorTopology.HOURS)),
                new StoreTable<>(driver.getKeyValueStore(AggregatorTopology.EARLY)));
    }

    private void send(Object message) {
        if (message instanceof JobPlanned p) {
            inputs.get(Topics.JOBS).pipeInput(p.jobId(), codec.write(p));
        } else if (message instanceof DownloadRecorded d) {
            inputs.get(Topics.DOWNLOADS).pipeInput(d.chunkId(), codec.write(d));
        } else if (message instanceof VideoAnalyzed a) {
            inputs.get(Topics.ANALYSES).pipeInput(a.videoId(), codec.write(a));
        }
    }

    /** One writer turn, then one status/announcement punctuation. */
    private void tick() {
        writer.turn();
        driver.advanceWallClockTime(STATUS_INTERVAL);
        for (TestRecord<String, String> record : statuses.readRecordsToList()) {
            try {
                latestStatus.put(record.key(), codec.mapper().readTree(record.value()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private JsonNode status(String jobId) {
        return latestStatus.get(jobId);
    }

    private List<String> completions(String jobId) {
        return jobs.readRecordsToList().stream().filter(r -> r.key().equals(jobId)).map(TestRecord::value).toList();
    }

    @Test
    void reportsThatCameBeforeTheirPlanAreAllFoldedInBatchesOnceItComes() throws IOException {
        String job = "job-early";
        int chunks = 2 * JobProcessor.EARLY_BATCH + 37;
        for (int chunk = 0; chunk < chunks; chunk++) {
            // downloaded reports wait for the plan (they add to hours of its timezone); the empty ones fold at once
            send(Events.download(job, chunk, chunk % 3 == 0 ? DownloadStatus.NO_RECORDING : DownloadStatus.DOWNLOADED, 10));
        }
        assertThat(driver.getKeyValueStore(AggregatorTopology.EARLY).approximateNumEntries()).isPositive();
        send(Events.cloudJob(job, "job-early", chunks, false));
        for (int turn = 0; turn < 4; turn++) {
            tick();
        }
        assertThat(status(job).path("chunks").path("by_status").path("downloaded").asLong()).isEqualTo(chunks - (chunks + 2) / 3);
        assertThat(status(job).path("counts").path("no_recording").asLong()).isEqualTo((chunks + 2) / 3);
        try (var left = driver.<String, Object>getKeyValueStore(AggregatorTopology.EARLY).all()) {
            assertThat(left.hasNext()).as("reports still parked").isFalse();
        }
    }

    @Test
    void aDownloadedChunkIsNeverReplacedByALaterFailure() throws IOException {
        String job = "job-p";
        send(Events.cloudJob(job, "job-p", 1, false));
        send(Events.download(job, 0, DownloadStatus.DOWNLOADED, 10));
        send(Events.download(job, 0, DownloadStatus.DOWNLOAD_FAILED, 20, 3, "timed out (another pod)", false));
        send(Events.download(job, 0, DownloadStatus.ADDRESS_OK, 30));
        tick();
        assertThat(status(job).path("chunks").path("by_status").path("downloaded").asLong()).isEqualTo(1);
        assertThat(status(job).path("counts").path("download_failed").asLong()).isZero();
        assertThat(status(job).path("state").asText()).isEqualTo("analyzing");
        assertThat(Files.readString(tmp.resolve("out/job-p/hik_cloud_download_manifest.jsonl"))).contains("\"status\":\"downloaded\"")
                .doesNotContain("timed out");
    }

    @Test
    void countersFollowEveryReplacementAndTheRecordedSequenceGivesTheExpectedFiles() throws IOException {
        Fixture fixture = Fixture.load("job-fx-cloud");
        for (Fixture.Record record : fixture.records()) {
            inputs.get(record.topic()).pipeInput(record.key(), record.value());
        }
        tick();
        tick();
        JsonNode counts = status("job-fx-cloud").path("counts");
        assertThat(counts.path("chunks_planned").asLong()).isEqualTo(6);
        assertThat(counts.path("downloaded").asLong()).isEqualTo(3);
        assertThat(counts.path("no_recording").asLong()).isEqualTo(1);
        assertThat(counts.path("address_failed").asLong()).isEqualTo(1);
        assertThat(counts.path("download_failed").asLong()).isEqualTo(1);
        assertThat(counts.path("analyzed").asLong()).isEqualTo(3);
        assertThat(counts.path("clips").asLong()).isEqualTo(7);
        assertThat(counts.path("failures").asLong()).isEqualTo(2);
        assertThat(counts.path("awaiting_analysis").asLong()).isZero();
        ExpectedFiles.assertMatches("job-fx-cloud", tmp.resolve("out/out/job-fx-cloud"));
    }

    @Test
    void recordsOffTheirJobsPartitionCrossTheRepartitionTopicAndGiveTheSameFiles() throws IOException {
        String repartition = "vidsift-aggregator-test-" + AggregatorTopology.REPARTITION + "-repartition";
        for (Fixture.Record record : Fixture.load("job-fx-cloud").records()) {
            inputs.get(record.topic()).pipeInput(record.key(), record.value());
        }
        assertThat(driver.producedTopicNames()).as("on its job's partition: folded where it is read").doesNotContain(repartition);

        driver.close();
        int partitions = 2;
        while (JobRoute.partition("job-fx-cloud", partitions) == 0) {
            partitions++;
        }
        tmp.resolve("state").toFile().renameTo(tmp.resolve("state-before").toFile());
        start(partitions);
        for (Fixture.Record record : Fixture.load("job-fx-cloud").records()) {
            inputs.get(record.topic()).pipeInput(record.key(), record.value());
        }
        tick();
        tick();
        assertThat(driver.producedTopicNames()).as("read on partition 0, folded on its job's").contains(repartition);
        assertThat(status("job-fx-cloud").path("counts").path("chunks_planned").asLong()).isEqualTo(6);
        ExpectedFiles.assertMatches("job-fx-cloud", tmp.resolve("out/out/job-fx-cloud"));
        assertThat(completions("job-fx-cloud")).hasSize(1);
    }

    @Test
    void aJobIsAnnouncedOnceAndOnlyAfterItsFinalFilesAreWritten() throws IOException {
        String job = "job-c";
        send(Events.cloudJob(job, "job-c", 2, false));
        send(Events.download(job, 0, DownloadStatus.DOWNLOADED, 1));
        send(Events.download(job, 1, DownloadStatus.NO_RECORDING, 2));
        send(Events.analysis(job, 0, AnalysisStatus.ANALYZED, 3));
        driver.advanceWallClockTime(STATUS_INTERVAL);
        assertThat(completions(job)).as("complete, but no files written yet").isEmpty();

        tick();
        List<String> announced = completions(job);
        assertThat(announced).singleElement().satisfies(json -> assertThat(json).contains("\"state\":\"completed\""));
        assertThat(Files.readAllLines(tmp.resolve("out/job-c/results.jsonl"))).hasSize(1);
        assertThat(status(job).path("finished").asBoolean()).isTrue();

        // Redelivered and late reports change nothing that would announce the job again.
        send(Events.analysis(job, 0, AnalysisStatus.ANALYZED, 3));
        send(Events.download(job, 1, DownloadStatus.NO_RECORDING, 2));
        tick();
        tick();
        assertThat(completions(job)).isEmpty();
    }

    @Test
    void reportsBeforeThePlanWaitForIt() {
        String job = "job-e";
        send(Events.download(job, 0, DownloadStatus.DOWNLOADED, 1));
        send(Events.analysis(job, 0, AnalysisStatus.ANALYZED, 2));
        tick();
        assertThat(status(job)).as("no status without a plan").isNull();
        send(Events.cloudJob(job, "job-e", 1, false));
        tick();
        assertThat(status(job).path("state").asText()).isEqualTo("completed");
        assertThat(status(job).path("started_at").asText()).isEqualTo(Events.at(1));
        assertThat(completions(job)).hasSize(1);
    }

    @Test
    void anOutputDirOutsideTheRootsIsRefusedVisiblyAndNeverAnnounced() {
        String job = "job-r";
        send(Events.cloudJob(job, "../../escape", 1, false));
        send(Events.download(job, 0, DownloadStatus.NO_RECORDING, 1));
        tick();
        tick();
        assertThat(status(job).path("write_error").asText()).contains("outside the aggregator's output roots");
        assertThat(completions(job)).isEmpty();
        assertThat(tmp.resolve("escape")).doesNotExist();
    }

    @Test
    void unreadableRecordsGoToTheirDeadLetterTopicWithTheReason() {
        inputs.get(Topics.DOWNLOADS).pipeInput("poison", "{not json");
        var dlq = driver.createOutputTopic(Topics.deadLetter(Topics.DOWNLOADS), new StringDeserializer(), new StringDeserializer());
        TestRecord<String, String> dead = dlq.readRecord();
        assertThat(dead.value()).isEqualTo("{not json");
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .startsWith("not a valid DownloadRecorded");
    }

    @Test
    void aRecordThatNamesItsJobButCannotBeReadIsDeadLetteredAfterRoutingUnderItsOwnKey() {
        String bad = "{\"job_id\":\"j\",\"status\":\"analyzed\"}";
        inputs.get(Topics.ANALYSES).pipeInput("video-7", bad);
        var dlq = driver.createOutputTopic(Topics.deadLetter(Topics.ANALYSES), new StringDeserializer(), new StringDeserializer());
        TestRecord<String, String> dead = dlq.readRecord();
        assertThat(dead.key()).isEqualTo("video-7");
        assertThat(dead.value()).isEqualTo(bad);
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("not a valid VideoAnalyzed: video_id is missing");
        assertThat(new String(dead.headers().lastHeader("dead-letter-topic").value(), StandardCharsets.UTF_8))
                .isEqualTo(Topics.ANALYSES);
        assertThat(driver.createOutputTopic(Topics.deadLetter(Topics.DOWNLOADS), new StringDeserializer(), new StringDeserializer())
                .isEmpty()).isTrue();
    }
}
