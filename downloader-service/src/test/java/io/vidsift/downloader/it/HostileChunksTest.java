package io.vidsift.downloader.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Topics;
import io.vidsift.kafka.EmbeddedKafka;
import io.vidsift.kafka.KafkaResource;
import io.vidsift.kafka.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed downloader (Kafka in, Kafka out) against a hostile API on 127.0.0.1: a malformed signed link (whose
 * {@code URI.create} message once reached the dead-letter headers), redirects to the metadata address and to plain
 * http, a private-range link, an answer echoing the token, and a poison record quoting a signed link. Each chunk
 * gets a record with a clear {@code last_error}, nothing lands in the DLQ but the poison record, and afterwards no
 * sentinel is in any topic record or header, the log file, /q/metrics or /q/health.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class HostileChunksTest {

    static final String SECRET = "SENTINEL-SECRET-7c41e9"; // the test config's client secret
    static final String TOKEN = "SENTINEL-TOKEN-hostile-kafka-51";
    static final String SIGNATURE = "SENTINEL-SIG-kafka-0b7e";
    static final long T0 = 1_770_080_400L + 86_400L * 30; // a month after the flow test's windows
    static final Duration WAIT = Duration.ofSeconds(90);

    static HttpServer api;
    static KafkaTap kafka;
    static final AtomicInteger metadataCalls = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        EmbeddedKafka.createTopics(SharedKafka.bootstrapServers(),
                List.of(Topics.CHUNKS, Topics.DOWNLOADS, Topics.VIDEOS, Topics.deadLetter(Topics.CHUNKS)), SharedKafka.PARTITIONS);
        kafka = new KafkaTap(SharedKafka.bootstrapServers());
        api = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 20);
        String self = "http://127.0.0.1:" + api.getAddress().getPort();
        api.createContext("/oauth/token", e -> send(e, 200, Map.of(), json(Map.of("access_token", TOKEN, "token_type", "bearer", "expires_in", 3600))));
        api.createContext("/dl/malformed", e -> send(e, 200, Map.of(), address(self + "/v.mp4?Expires=1&Signature=" + SIGNATURE + "|x y")));
        api.createContext("/dl/private", e -> send(e, 200, Map.of(), address("http://10.20.30.40/v.mp4?Signature=" + SIGNATURE)));
        api.createContext("/dl/to-metadata", e -> send(e, 200, Map.of(), address(self + "/r/metadata?Signature=" + SIGNATURE)));
        api.createContext("/dl/to-http-elsewhere", e -> send(e, 200, Map.of(), address(self + "/r/http?Signature=" + SIGNATURE)));
        api.createContext("/dl/echo", e -> send(e, 200, Map.of(), json(Map.of("code", "10001",
                "msg", "denied " + e.getRequestHeaders().getFirst("Authorization") + "\n" + e.getRequestHeaders().getFirst("Authorization").substring(7)))));
        api.createContext("/r/metadata", e -> send(e, 302, Map.of("Location", "https://169.254.169.254/latest/meta-data/?" + SIGNATURE), ""));
        api.createContext("/r/http", e -> send(e, 302, Map.of("Location", self + "/v.mp4?Signature=" + SIGNATURE), ""));
        api.createContext("/latest", e -> {
            metadataCalls.incrementAndGet();
            send(e, 200, Map.of(), "role-credentials");
        });
        api.start();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.stop(0);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String address(String url) {
        return json(Map.of("code", "0", "data", Map.of("url", url, "actualBeginTime", "1", "actualEndTime", "2")));
    }

    static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Test
    void hostileAnswersEndAsRecordsAndNoSecretIsAnywhere() throws Exception {
        String job = "job-hostile-" + System.nanoTime();
        String base = "http://127.0.0.1:" + api.getAddress().getPort();
        Map<String, String> expected = Map.of(
                "malformed", "download refused: download url contains spaces, control or non-ASCII characters",
                "private", "download refused: host 10.20.30.40: address 10.20.30.40 is private, not allowed by vidsift.downloader.allowed-download-networks",
                "to-metadata", "download refused: host 169.254.169.254: address 169.254.169.254 is link-local (cloud metadata), not allowed by vidsift.downloader.allowed-download-networks",
                "to-http-elsewhere", "download refused: redirect location is plain http (only https, unless the API's entry in vidsift.hik-cloud.allowed-api-hosts names http://)",
                "echo", "code 10001: denied bearer <redacted> <redacted>");
        List<String> cases = List.copyOf(expected.keySet());
        Map<String, String> chunkCase = new java.util.HashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            ChunkRequested chunk = Chunks.withPaths(Chunks.chunk(job, base, "CAM_H", T0 + 600L * i, T0 + 600L * (i + 1), false, 5, 10),
                    "/dl/" + cases.get(i), "/oauth/token");
            chunkCase.put(chunk.chunkId(), cases.get(i));
            kafka.publish(chunk);
        }
        String poison = "poison-hostile-" + System.nanoTime();
        kafka.publishRaw(poison, "{\"schema\": \"https://cdn.example/v.mp4?Expires=1&Signature=" + SIGNATURE + "\"}");

        List<DownloadRecorded> records = kafka.await(Topics.DOWNLOADS, DownloadRecorded.class, r -> r.jobId().equals(job), cases.size(), WAIT);
        assertThat(records).hasSize(cases.size());
        Map<String, DownloadRecorded> byCase = records.stream().collect(Collectors.toMap(r -> chunkCase.get(r.chunkId()), Function.identity()));
        expected.forEach((name, error) -> {
            assertThat(byCase.get(name).lastError()).as(name).isEqualTo(error);
            assertThat(byCase.get(name).status()).as(name).isIn(DownloadStatus.DOWNLOAD_FAILED, DownloadStatus.ADDRESS_FAILED);
        });
        assertThat(metadataCalls).hasValue(0);

        // Only the poison record is dead-lettered, with a sanitized reason.
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<ConsumerRecord<String, String>> dead = List.of();
        while (System.nanoTime() < deadline && dead.isEmpty()) {
            dead = kafka.readAll(Topics.deadLetter(Topics.CHUNKS)).stream().filter(r -> poison.equals(r.key())).toList();
            if (dead.isEmpty()) {
                KafkaTap.sleep(250);
            }
        }
        assertThat(dead).hasSize(1);
        String reason = new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertThat(reason).contains("not a valid ChunkRequested").contains("https://cdn.example/v.mp4?<redacted>").doesNotContain(SIGNATURE);
        assertThat(kafka.readAll(Topics.deadLetter(Topics.CHUNKS))).noneMatch(r -> r.value().contains(job));

        List<String> sentinels = List.of(SECRET, TOKEN, SIGNATURE);
        List<String> leaks = new ArrayList<>();
        for (String topic : List.of(Topics.DOWNLOADS, Topics.VIDEOS, Topics.deadLetter(Topics.CHUNKS))) {
            for (ConsumerRecord<String, String> record : kafka.readAll(topic)) {
                // A dead-lettered record keeps its original value (whoever wrote it chose it); its headers are ours.
                String text = (topic.endsWith(".dlq") ? "" : record.key() + " " + record.value());
                for (Header header : record.headers()) {
                    text += " " + header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8);
                }
                String scanned = text;
                sentinels.stream().filter(scanned::contains).forEach(s -> leaks.add(topic + " record contains " + s));
            }
        }
        String logText = Files.readString(Path.of("target/downloader-test.log"));
        sentinels.stream().filter(logText::contains).forEach(s -> leaks.add("log contains " + s));
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live")) {
            String body = given().get(path).then().extract().asString();
            sentinels.stream().filter(body::contains).forEach(s -> leaks.add(path + " contains " + s));
        }
        assertThat(leaks).isEmpty();
    }
}
