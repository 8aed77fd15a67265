package io.vidsift.planner.quarkus;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vidsift.common.config.InvalidConfigs;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.kafka.KafkaResource;
import io.vidsift.kafka.SharedKafka;
import io.vidsift.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.SoftAssertions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Hostile jobs over real HTTP against a real broker: each is refused with its status and one line naming the
 * field or the limit; a job accepted before them is published whole; and the sentinel token that every body
 * carries appears in no response, topic record (journal and dead-letter topics included) or log line.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class HostileJobsTest {

    @BeforeAll
    static void topics() {
        Api.createPipelineTopics();
    }


    private static final String SENTINEL = "sentinel-AccessToken-c0ffee42";
    private static final String VALID = InvalidConfigs.VALID.replace("access_token_env: HIK_CLOUD_ACCESS_TOKEN", "access_token: " + SENTINEL);
    private static final String YAML = "application/yaml";

    @ConfigProperty(name = "vidsift.storage.root")
    String storageRoot;

    private final List<String> answers = new ArrayList<>();

    record Hostile(String name, byte[] body, String contentType, UnaryOperator<RequestSpecification> request, int status,
                   String path, String message) {
    }

    private static Hostile job(String name, String yaml, int status, String path, String message) {
        return new Hostile(name, yaml.getBytes(StandardCharsets.UTF_8), YAML, r -> r, status, path, message);
    }

    private static String withOutput(String dir) {
        return VALID.replace("dir: /tmp/out", "dir: \"" + dir + "\"");
    }

    private static String local(String inputDir) {
        return "source: {mode: local, local: {input_dir: \"" + inputDir + "\"}}\noutput: {dir: hostile-out}\n"
                + "hik_cloud: {access_token: " + SENTINEL + "}\n";
    }

    private static String devices(int count) {
        return devices(count, "");
    }

    private static String devices(int count, String names) {
        StringBuilder yaml = new StringBuilder("source: {mode: hik_cloud}\noutput: {dir: out}\nhik_cloud:\n  access_token: " + SENTINEL
                + "\n  devices:\n");
        for (int i = 0; i < count; i++) {
            yaml.append("    - {device_serial: D").append(i).append(", channel_no: 1").append(names.isEmpty() ? "" : ", name: " + names).append("}\n");
        }
        return yaml.append("  time_ranges: [{begin: 1770080400, end: 1770084000}]\n").toString();
    }

    private List<Hostile> catalogue(Path outside) {
        String ranges = VALID.replace("  time_ranges:\n", "  time_ranges:\n" + "    - {begin: 1, end: 2}\n".repeat(19));
        StringBuilder deepJson = new StringBuilder("{\"source\": {\"mode\": \"local\"}, \"x\": ");
        deepJson.append("[".repeat(40)).append("]".repeat(40)).append("}");
        String laughs = VALID + "lol1: &l1 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                + "lol2: &l2 [*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1]\nlol3: &l3 [*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2]\n";
        byte[] latin1 = VALID.replace("store-front", "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        List<Hostile> cases = new ArrayList<>(List.of(
                job("traversal", withOutput("../../etc/vidsift"), 400, "output.dir", "must be under the allowed root"),
                job("absolute elsewhere", withOutput("/etc/cron.d"), 400, "output.dir", "must be under the allowed root"),
                job("symlink escape", withOutput("escape-link/job"), 400, "output.dir", "must be under the allowed root"),
                job("dot-dot through a link", withOutput("inside-link/../escape-link/x"), 400, "output.dir", "must be under the allowed root"),
                new Hostile("override elsewhere", VALID.getBytes(StandardCharsets.UTF_8), YAML, r -> r.queryParam("output_dir", outside.toString()),
                        400, "output.dir", "must be under the allowed root"),
                job("local input traversal", local("../../../.."), 400, "source.local.input_dir", "must be under the allowed root"),
                job("local input symlink escape", local("escape-link"), 400, "source.local.input_dir", "must be under the allowed root"),
                job("billion laughs", laughs, 400, "lol2[0]", "YAML aliases are not accepted (*l1 at line 22); write the value out"),
                job("deep YAML", VALID + "x: " + "[".repeat(40) + "]".repeat(40) + "\n", 400, "body",
                        "nests deeper than 20 levels (vidsift.planner.limits.max-depth)"),
                new Hostile("deep JSON", deepJson.toString().getBytes(StandardCharsets.UTF_8), "application/json", r -> r, 400, "body",
                        "nests deeper than 20 levels (vidsift.planner.limits.max-depth)"),
                job("huge body", VALID + "# " + "x".repeat(70_000) + "\n", 413, "body",
                        "bytes is over the limit of 65536 (vidsift.planner.limits.max-body-bytes)"),
                job("too many devices", devices(51), 400, "hik_cloud.devices",
                        "51 devices is over the limit of 50 (vidsift.planner.limits.max-devices)"),
                // A device list over one record goes in parts (see the job accepted before the attack); one device over it cannot.
                job("one device too big for one record", devices(2, "n".repeat(25_000)), 400, "hik_cloud.devices[0]",
                        "bytes as one Kafka record, over the limit of 20000 (vidsift.planner.limits.max-record-bytes)"),
                job("too many ranges", ranges, 400, "hik_cloud.time_ranges",
                        "21 ranges is over the limit of 20 (vidsift.planner.limits.max-ranges)"),
                job("too many chunks", VALID.replace("chunk_seconds: 600", "chunk_seconds: 1").replace("2026-02-03 11:30:00", "2026-02-05 11:30:00"),
                        400, "hik_cloud", "is over the limit of 200000 (vidsift.planner.limits.max-chunks)"),
                job("endless range", VALID.replace("end: \"2026-02-03 18:30:00\"", "end: 9223372036854775807"), 400, "hik_cloud",
                        "(vidsift.planner.limits.max-chunks)"),
                new Hostile("not UTF-8", latin1, YAML, r -> r, 400, "body", "is not valid UTF-8"),
                new Hostile("form content type", VALID.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded", r -> r, 415,
                        "Content-Type", "must be application/yaml, text/yaml or application/json (was application/x-www-form-urlencoded)"),
                new Hostile("Latin-1 charset", VALID.getBytes(StandardCharsets.UTF_8), "text/yaml; charset=ISO-8859-1", r -> r, 415,
                        "Content-Type", "charset must be UTF-8 (was ISO-8859-1)"),
                job("raw NUL in a device name", VALID.replace("name: store-front", "name: store\u0000front"), 400, "body",
                        "contains the control character U+0000 at line 9 (NUL bytes are not accepted)"),
                job("escaped NUL in a device name", VALID.replace("name: store-front", "name: \"store\\0front\""), 400,
                        "hik_cloud.devices[0].name", "must not contain control characters (found U+0000 at line 9)"),
                job("CRLF in a device name", VALID.replace("name: store-front", "name: \"store\\r\\nX-Forged: 1\""), 400,
                        "hik_cloud.devices[0].name", "must not contain control characters (found U+000D at line 9)"),
                job("newline in output dir", VALID.replace("dir: /tmp/out", "dir: \"out\\nrow\""), 400, "output.dir",
                        "must not contain control characters (found U+000A at line 20)"),
                job("path in a device serial", VALID.replace("device_serial: DEV-A1", "device_serial: \"../../etc\""), 400,
                        "hik_cloud.devices[0].device_serial", "may contain only letters, digits, '-' and '_' (was \"../../etc\")"),
                job("syntax error next to the token", VALID.replace("access_token: " + SENTINEL, "access_token: " + SENTINEL + ": {"), 400,
                        "(document)", "not valid YAML at line 4"),
                job("empty body", "", 400, "body", "is empty: send the job as YAML or JSON"),
                new Hostile("overlong idempotency key", VALID.getBytes(StandardCharsets.UTF_8), YAML, r -> r.header("Idempotency-Key", "k".repeat(201)),
                        400, "Idempotency-Key", "must be 1 to 200 printable ASCII characters"),
                new Hostile("dry_run not a boolean", VALID.getBytes(StandardCharsets.UTF_8), YAML, r -> r.queryParam("dry_run", "maybe"),
                        400, "dry_run", "must be true or false")));
        return cases;
    }

    @Test
    void everyHostileJobIsRefusedWithOneClearLineAndNoSecretLeaks() throws IOException {
        Path root = Files.createDirectories(Path.of(storageRoot)).toRealPath();
        Path outside = Files.createDirectories(Path.of("target", "outside-" + UUID.randomUUID())).toRealPath();
        link(root.resolve("escape-link"), outside);
        Path inside = Files.createDirectories(root.resolve("inside-real"));
        link(root.resolve("inside-link"), inside);

        // Recorded before the attack: it must come through whole.
        String before = answer(Api.post(withOutput("hostile-before"), YAML).post("/jobs"));
        String jobId = io.restassured.path.json.JsonPath.from(before).getString("job_id");
        assertThat(jobId).isNotNull();
        // And one whose device list (30 names of 600 characters, with the sentinel token beside it) is over one record.
        // (180 chunks: within the chunk window with room to spare, so its plan finishes without downloaders.)
        String split = io.restassured.path.json.JsonPath.from(answer(Api.post(devices(30, "n".repeat(600)), YAML).post("/jobs")
                .then().statusCode(202).extract().response())).getString("job_id");

        List<Hostile> cases = catalogue(outside);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(15);
        SoftAssertions soft = new SoftAssertions();
        for (Hostile hostile : cases) {
            RequestSpecification request = hostile.request().apply(Api.given().contentType(hostile.contentType()).body(hostile.body()));
            Response response = request.post("/jobs");
            answer(response);
            soft.assertThat(response.statusCode()).as(hostile.name()).isEqualTo(hostile.status());
            soft.assertThat(response.contentType()).as(hostile.name()).startsWith("application/problem+json");
            List<Map<String, Object>> errors = response.jsonPath().getList("errors");
            soft.assertThat(errors).as(hostile.name()).isNotNull().hasSize(1);
            if (errors != null && errors.size() == 1) {
                soft.assertThat(errors.get(0).get("path")).as(hostile.name()).isEqualTo(hostile.path());
                soft.assertThat((String) errors.get(0).get("message")).as(hostile.name()).contains(hostile.message());
            }
        }
        answer(Api.anonymous().contentType(YAML).body(VALID.getBytes(StandardCharsets.UTF_8)).post("/jobs").then().statusCode(401).extract().response());
        soft.assertAll();
        assertThat(Files.list(outside)).as("nothing written outside the roots").isEmpty();

        // Nothing already recorded is lost: the earlier job's 36 chunks are all there and its plan is complete.
        TopicReader topics = new TopicReader(SharedKafka.bootstrapServers());
        MessageCodec codec = new MessageCodec();
        List<ConsumerRecord<String, String>> chunks = topics.await(Topics.CHUNKS,
                r -> r.value() != null && r.value().contains("\"job_id\":\"" + jobId + "\""), 36, Duration.ofSeconds(60));
        assertThat(new HashSet<>(chunks.stream().map(r -> codec.read(r.value(), ChunkRequested.class).chunkId()).toList())).hasSize(36);
        awaitPublished(jobId, 36);
        awaitPublished(split, 180);
        assertThat(topics.readAll(Topics.JOBS).stream().filter(r -> split.equals(r.key()) && r.value().contains("\"parts\":")))
                .hasSizeGreaterThanOrEqualTo(2);

        for (String answer : answers) {
            assertThat(answer).doesNotContain(SENTINEL);
        }
        for (String topic : JobResourceTest.allTopics()) {
            assertThat(topics.readAll(topic)).as(topic).noneMatch(r -> String.valueOf(r.value()).contains(SENTINEL)
                    || String.valueOf(r.key()).contains(SENTINEL));
        }
        assertThat(Files.readString(Path.of("target/planner-test.log"))).contains(jobId).doesNotContain(SENTINEL);
        assertThat(Api.given().get("/q/metrics").asString()).doesNotContain(SENTINEL);
    }

    private void awaitPublished(String jobId, int items) {
        String state = Api.poll(() -> Api.given().get("/jobs/" + jobId + "/plan?limit=0").then().statusCode(200).extract().path("state"),
                "published"::equals, Duration.ofSeconds(30));
        assertThat(state).isEqualTo("published");
        Api.given().get("/jobs/" + jobId + "/plan?limit=0").then().body("published", equalTo(items));
    }

    /** Keeps every answer (headers and body) for the sentinel scan. */
    private String answer(Response response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.getHeaders().forEach(h -> headers.put(h.getName(), h.getValue()));
        answers.add(headers + "\n" + response.asString());
        return response.asString();
    }

    private static void link(Path link, Path target) throws IOException {
        if (!Files.isSymbolicLink(link)) {
            Files.createSymbolicLink(link, target);
        }
    }
}
