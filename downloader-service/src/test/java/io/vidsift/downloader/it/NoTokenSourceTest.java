package io.vidsift.downloader.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.kafka.KafkaResource;
import io.vidsift.kafka.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Without any token source the downloader says so (health, log) and stays out of the consumer group. */
@QuarkusTest
@TestProfile(NoTokenSourceTest.NoCredentials.class)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class NoTokenSourceTest {

    static final String GROUP = "vidsift-downloader";

    public static class NoCredentials implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vidsift.hik-cloud.client-id-env", "", "vidsift.hik-cloud.client-secret-env", "");
        }
    }

    /**
     * The partitions of vidsift.chunks a probe consumer joining {@code group} is given. All of them only when no
     * other consumer is in the group: that proves the app (up and running by now) has none, without waiting a fixed
     * time for one that might join. A member left behind by an earlier test's app is dropped after its session
     * timeout, after which the probe gets everything; the deadline only bounds that.
     */
    private static Set<TopicPartition> probeAssignment(String group, int partitions) {
        try (KafkaConsumer<String, String> probe = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            probe.subscribe(List.of(Topics.CHUNKS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (probe.assignment().size() < partitions && System.nanoTime() < deadline) {
                probe.poll(Duration.ofMillis(200));
            }
            return probe.assignment();
        }
    }

    @Test
    void isNotReadySaysWhyAndConsumesNothing() throws Exception {
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'hik-cloud-token-source' }.data.detail",
                        containsString("no token source: set vidsift.hik-cloud.access-token, or the env var VIDSIFT_TEST_UNSET_ACCESS_TOKEN"));
        assertThat(Files.readString(Path.of("target/downloader-test.log"))).contains("downloader is NOT READY: no token source");

        String job = "job-no-token-" + System.nanoTime();
        try (KafkaTap kafka = new KafkaTap(SharedKafka.bootstrapServers())) {
            kafka.publish(Chunks.chunk(job, "http://127.0.0.1:9", "CAM_X", 1_770_080_400L, 1_770_080_700L, false, 1, 1));
            int partitions = kafka.partitions(Topics.CHUNKS);
            assertThat(probeAssignment(GROUP, partitions)).as("the probe is alone in " + GROUP).hasSize(partitions);
            MessageCodec codec = new MessageCodec();
            assertThat(kafka.readAll(Topics.DOWNLOADS)).noneMatch(r -> codec.read(r.value(), DownloadRecorded.class).jobId().equals(job));
        }
    }
}
