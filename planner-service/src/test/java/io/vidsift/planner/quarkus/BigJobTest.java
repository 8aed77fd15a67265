package io.vidsift.planner.quarkus;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.kafka.KafkaResource;
import io.vidsift.kafka.SharedKafka;
import io.vidsift.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.vidsift.planner.quarkus.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A job too big for one JobPlanned, through the real HTTP API onto the real broker (whose record limit is the
 * default, about 1 MB): 15,000 devices, about 1 MB of device list, accepted and published as JobDevices parts
 * before a JobPlanned without devices, every record under the limit, the parts adding up to every device in order.
 */
@QuarkusTest
@TestProfile(BigJobTest.BigLimits.class)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class BigJobTest {

    private static final int DEVICES = 15_000;
    /** The broker's and the producer's default record limit (message.max.bytes, max.request.size). */
    private static final int BROKER_LIMIT = 1_048_576;

    /** Production's record limit and a device limit and body size that let 15,000 devices in; no chunk window. */
    public static class BigLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vidsift.planner.limits.max-devices", "20000",
                    "vidsift.planner.limits.max-body-bytes", String.valueOf(2 << 20),
                    "vidsift.planner.limits.max-record-bytes", "1000000",
                    "vidsift.planner.max-outstanding-per-job", "0");
        }
    }

    private final MessageCodec codec = new MessageCodec();
    private final TopicReader topics = new TopicReader(SharedKafka.bootstrapServers());

    @BeforeAll
    static void createTopics() {
        Api.createPipelineTopics();
    }

    private static String serial(int i) {
        return String.format("CAM-%05d", i);
    }

    @Test
    void aJobOf15000DevicesIsAcceptedAndItsDeviceListTravelsInPartsUnderTheRecordLimit() {
        // Dry run, one 10-minute range: one chunk per device.
        StringBuilder yaml = new StringBuilder("source: {mode: hik_cloud}\ndry_run: true\noutput: {dir: out-big}\nhik_cloud:\n  devices:\n");
        for (int i = 0; i < DEVICES; i++) {
            yaml.append("    - {device_serial: ").append(serial(i)).append(", channel_no: ").append(1 + i % 4)
                    .append(", name: \"store ").append(i / 4).append(" camera ").append(i % 4).append("\"}\n");
        }
        yaml.append("  time_ranges: [{begin: 1770080400, end: 1770081000}]\n");
        assertThat(yaml.length()).as("the job's YAML").isGreaterThan(BROKER_LIMIT);

        String jobId = Api.post(yaml.toString(), "application/yaml").post("/jobs").then().statusCode(202)
                .body("devices", equalTo(DEVICES)).body("chunks", equalTo(DEVICES)).extract().path("job_id");

        List<ConsumerRecord<String, String>> planned = topics.await(Topics.JOBS,
                r -> jobId.equals(r.key()) && r.value().contains("\"planned_at\""), 1, Duration.ofSeconds(60));
        assertThat(planned).hasSize(1);
        List<ConsumerRecord<String, String>> records = topics.readAll(Topics.JOBS).stream().filter(r -> jobId.equals(r.key())).toList();
        assertThat(records).allSatisfy(r -> assertThat(r.serializedKeySize() + r.serializedValueSize()).as("record at offset %d", r.offset())
                .isLessThan(BROKER_LIMIT / 2));

        JobPlanned header = codec.read(planned.get(0).value(), JobPlanned.class);
        assertThat(header.devices()).isEqualTo(DEVICES);
        assertThat(header.chunks()).isEqualTo(DEVICES);
        assertThat(header.config().hikCloud().devices()).isEmpty();
        int parts = header.deviceParts();
        assertThat(parts).isGreaterThanOrEqualTo(2);

        List<ConsumerRecord<String, String>> partRecords = records.stream().filter(r -> r.value().contains("\"parts\":")).toList();
        assertThat(partRecords).as("one record per part (none published twice here)").hasSize(parts);
        assertThat(partRecords).allSatisfy(r -> {
            assertThat(r.partition()).isEqualTo(planned.get(0).partition());
            assertThat(r.offset()).as("a part before its plan").isLessThan(planned.get(0).offset());
        });
        List<JobDevices> read = partRecords.stream().map(r -> codec.read(r.value(), JobDevices.class))
                .sorted(Comparator.comparingInt(JobDevices::part)).toList();
        assertThat(read).extracting(JobDevices::part).containsExactlyElementsOf(IntStream.range(0, parts).boxed().toList());
        assertThat(read).extracting(JobDevices::parts).containsOnly(parts);
        List<String> serials = read.stream().flatMap(p -> p.devices().stream()).map(d -> d.deviceSerial()).toList();
        assertThat(serials).containsExactlyElementsOf(IntStream.range(0, DEVICES).mapToObj(BigJobTest::serial).toList());
        assertThat(read.get(parts - 1).devices().get(0).name()).startsWith("store ");

        // Published whole (every device's chunk), and the journal's entries are single records too.
        given().get("/jobs/" + jobId + "/plan?limit=0").then().statusCode(200);
        String state = Api.poll(() -> given().get("/jobs/" + jobId + "/plan?limit=0").then().extract().path("state"),
                "published"::equals, Duration.ofSeconds(120));
        assertThat(state).isEqualTo("published");
        List<ConsumerRecord<String, String>> chunks = topics.await(Topics.CHUNKS,
                r -> r.value().contains("\"job_id\":\"" + jobId + "\""), DEVICES, Duration.ofSeconds(60));
        java.util.Set<String> chunkDevices = chunks.stream().map(r -> codec.read(r.value(), ChunkRequested.class).window().deviceSerial())
                .collect(Collectors.toCollection(HashSet::new));
        assertThat(chunkDevices).hasSize(DEVICES);
        List<ConsumerRecord<String, String>> journal = topics.readAll(Topics.PLANS).stream()
                .filter(r -> r.key() != null && r.key().startsWith(jobId)).toList();
        assertThat(journal.stream().map(ConsumerRecord::key).collect(Collectors.toSet()))
                .containsAll(new ArrayList<>(IntStream.range(0, parts).mapToObj(p -> jobId + "#devices#" + p).toList()))
                .contains(jobId);
        assertThat(journal).allSatisfy(r -> assertThat(r.serializedValueSize()).isLessThan(BROKER_LIMIT / 2));
        assertThat(planned.get(0).value().getBytes(StandardCharsets.UTF_8).length).isLessThan(10_000);
    }
}
