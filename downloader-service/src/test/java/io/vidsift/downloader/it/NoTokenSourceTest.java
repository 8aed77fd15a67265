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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Without any token source the downloader says so (health, log) and stays out of the consumer group. */
@QuarkusTest
@TestProfile(NoTokenSourceTest.NoCredentials.class)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class NoTokenSourceTest {

    public static class NoCredentials implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vidsift.hik-cloud.client-id-env", "", "vidsift.hik-cloud.client-secret-env", "");
        }
    }

    /** Members of the group; a group that never existed (no consumer ever joined) has none. */
    private static int members(String groupId) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all().get(10, TimeUnit.SECONDS).get(groupId);
            return group.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
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
            // Give a consumer, if there were one, ample time to join and answer.
            Thread.sleep(5000);
            assertThat(members("vidsift-downloader")).isZero();
            MessageCodec codec = new MessageCodec();
            assertThat(kafka.readAll(Topics.DOWNLOADS)).noneMatch(r -> codec.read(r.value(), DownloadRecorded.class).jobId().equals(job));
        }
    }
}
