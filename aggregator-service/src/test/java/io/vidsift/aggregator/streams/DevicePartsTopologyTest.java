package io.vidsift.aggregator.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.domain.JobSignals;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.output.JobFiles;
import io.vidsift.aggregator.output.OutputDirs;
import io.vidsift.aggregator.output.OutputWriter;
import io.vidsift.common.config.Device;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan whose device list comes in JobDevices parts, on the TopologyTestDriver with the real stores and writer:
 * parts before, after and among the plan and its reports; every part's cameras in the summary, redelivered parts
 * counted once, and no completion before the last part.
 */
class DevicePartsTopologyTest {

    private static final Duration STATUS_INTERVAL = Duration.ofMillis(500);
    /** Only the first camera has chunks: the others are in the files because the plan's parts name them. */
    private static final List<List<Device>> PARTS = List.of(
            List.of(Events.CAMERA, new Device("DEV-A2", 1, "hall"), new Device("DEV-A3", 2, null)),
            List.of(new Device("DEV-B1", 1, "yard"), new Device("DEV-B2", 1, "gate")),
            List.of(new Device("DEV-C1", 3, "dock")));

    @TempDir
    Path tmp;

    private final MessageCodec codec = new MessageCodec();
    private final JobSignals signals = new JobSignals();
    private TopologyTestDriver driver;
    private OutputWriter writer;
    private TestInputTopic<String, String> jobsIn;
    private TestInputTopic<String, String> downloadsIn;
    private TestOutputTopic<String, String> jobsOut;
    private TestOutputTopic<String, String> statuses;
    private final Map<String, JsonNode> latestStatus = new HashMap<>();

    @BeforeEach
    void start() {
        Path out = tmp.resolve("out");
        OutputDirs dirs = new OutputDirs(out, List.of(out));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vidsift-aggregator-parts-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("state").toString());
        driver = new TopologyTestDriver(AggregatorTopology.build(codec, signals, dirs, Folded.NO_CLIP_FILES, STATUS_INTERVAL, 1), props);
        writer = new OutputWriter(this::tables, signals, new JobFiles(Folded.NO_CLIP_FILES), dirs, Duration.ZERO, System::nanoTime);
        jobsIn = driver.createInputTopic(Topics.JOBS, new StringSerializer(), new StringSerializer());
        downloadsIn = driver.createInputTopic(Topics.DOWNLOADS, new StringSerializer(), new StringSerializer());
        jobsOut = driver.createOutputTopic(Topics.JOBS, new StringDeserializer(), new StringDeserializer());
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

    /** A two-chunk dry-run plan as the planner publishes it when the devices go in parts: no devices in its config. */
    private static JobPlanned plan(String jobId) {
        JobPlanned inline = Events.cloudJob(jobId, jobId, 2, true);
        HikCloudConfig h = inline.config().hikCloud();
        HikCloudConfig none = new HikCloudConfig(h.apiBaseUrl(), h.downloadPath(), h.tokenPath(), h.accessTokenEnv(), h.clientIdEnv(),
                h.clientSecretEnv(), h.chunkSeconds(), h.timeoutSeconds(), h.downloadTimeoutSeconds(), List.of(), h.timeRanges());
        JobConfig c = inline.config();
        JobConfig config = new JobConfig(c.name(), c.dryRun(), c.mode(), c.local(), none, c.timezone(), c.outputDir(), c.storageRoot(), c.analysis());
        int devices = PARTS.stream().mapToInt(List::size).sum();
        return new JobPlanned(inline.schema(), jobId, inline.plannedAt(), config, devices, 1, 2, 0, PARTS.size());
    }

    private void sendPlan(String jobId) {
        jobsIn.pipeInput(jobId, codec.write(plan(jobId)));
    }

    private void sendPart(String jobId, int part) {
        jobsIn.pipeInput(jobId, codec.write(JobDevices.of(jobId, part, PARTS.size(), PARTS.get(part))));
    }

    private void sendChunk(String jobId, int chunk) {
        DownloadRecorded recorded = Events.download(jobId, chunk, DownloadStatus.ADDRESS_OK, 1 + chunk, 0, null, true);
        downloadsIn.pipeInput(recorded.chunkId(), codec.write(recorded));
    }

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

    private List<String> completions(String jobId) {
        return jobsOut.readRecordsToList().stream().filter(r -> r.key().equals(jobId)).map(TestRecord::value).toList();
    }

    private List<String> summaryCameras(String jobId) throws IOException {
        JsonNode summary = codec.mapper().readTree(Files.readString(tmp.resolve("out").resolve(jobId).resolve("summary.json")));
        List<String> cameras = new ArrayList<>();
        summary.path("cameras").forEach(c -> cameras.add(c.path("device_serial").asText() + "/" + c.path("channel_no").asInt()));
        return cameras;
    }

    private void assertCompleteWithEveryCamera(String jobId) throws IOException {
        tick();
        tick();
        assertThat(latestStatus.get(jobId).path("state").asText()).isEqualTo("completed");
        assertThat(completions(jobId)).singleElement().satisfies(json -> assertThat(json).contains("\"state\":\"completed\""));
        assertThat(summaryCameras(jobId)).containsExactlyInAnyOrder(
                "DEV1/1", "DEV-A2/1", "DEV-A3/2", "DEV-B1/1", "DEV-B2/1", "DEV-C1/3");
        assertThat(Files.readString(tmp.resolve("out").resolve(jobId).resolve("report.html"))).contains("DEV-C1", "dock", "DEV-B2");
    }

    private void assertWaiting(String jobId) {
        tick();
        tick();
        assertThat(latestStatus.get(jobId).path("state").asText()).isNotIn("completed", "completed_with_failures");
        assertThat(latestStatus.get(jobId).path("finished").asBoolean()).isFalse();
        assertThat(completions(jobId)).isEmpty();
    }

    @Test
    void partsBeforeThePlan() throws IOException {
        String job = "job-parts-first";
        sendPart(job, 2);
        sendPart(job, 0);
        sendPart(job, 1);
        tick();
        assertThat(latestStatus.get(job)).as("no status without a plan").isNull();
        sendPlan(job);
        sendChunk(job, 0);
        sendChunk(job, 1);
        assertCompleteWithEveryCamera(job);
    }

    @Test
    void partsAfterThePlanAndItsReportsAndCompletionWaitsForTheLastOne() throws IOException {
        String job = "job-parts-last";
        sendPlan(job);
        sendChunk(job, 0);
        sendChunk(job, 1);
        assertWaiting(job);
        sendPart(job, 0);
        sendPart(job, 2);
        sendPart(job, 2); // redelivered: still two of three
        assertWaiting(job);
        sendPart(job, 1);
        assertCompleteWithEveryCamera(job);
    }

    @Test
    void partsInterleavedWithThePlanAndItsReports() throws IOException {
        String job = "job-parts-mixed";
        sendPart(job, 1);
        sendChunk(job, 0);
        sendPlan(job);
        sendPart(job, 1);
        sendChunk(job, 1);
        sendPart(job, 2);
        assertWaiting(job);
        sendPart(job, 0);
        sendPlan(job); // redelivered plan: the first one stays
        assertCompleteWithEveryCamera(job);
        sendPart(job, 0);
        tick();
        assertThat(completions(job)).as("announced once").isEmpty();
    }
}
