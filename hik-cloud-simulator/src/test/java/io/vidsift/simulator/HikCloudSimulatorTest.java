package io.vidsift.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class HikCloudSimulatorTest {

    static final long T0 = 1_770_080_400L; // 2026-02-03 09:00:00 +08:00
    static final String SCENARIO = """
            seed: 7
            url_lifetime_seconds: 60
            token:
              lifetime_seconds: 3600
              static_tokens: [static-token]
              clients: [{client_id: cid, client_secret: csecret}]
            video: {width: 64, height: 64, fps: 2, keyframe_seconds: 30, square_size: 16}
            devices:
              - device_serial: CAM_A
                channel_no: 1
                recordings:
                  - {begin: %1$d, end: %2$d}
                  - {begin: %3$d, end: %4$d}
              - device_serial: CAM_5XX
                recordings: [{begin: %1$d, end: %4$d}]
              - device_serial: CAM_TRUNC
                recordings: [{begin: %1$d, end: %4$d}]
              - device_serial: CAM_EXP
                recordings: [{begin: %1$d, end: %4$d}]
            faults:
              - {kind: http_5xx, target: address, device_serial: CAM_5XX, requests: [1, 2], status: 502}
              - {kind: truncated_body, target: download, device_serial: CAM_TRUNC, requests: [1]}
              - {kind: expired_url, target: address, device_serial: CAM_EXP, requests: [1]}
            """.formatted(T0, T0 + 1200, T0 + 2400, T0 + 3600);

    static HikCloudSimulator sim;
    static SimulatorClient client;

    @BeforeAll
    static void start() {
        sim = HikCloudSimulator.start(new ScenarioLoader().parse(SCENARIO));
        client = new SimulatorClient(sim.baseUrl());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void issuesTheSameTokenWhileValidAndRejectsWrongSecrets() throws Exception {
        HttpResponse<String> first = client.token("cid", "csecret");
        HttpResponse<String> second = client.token("cid", "csecret");
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode grant = client.read(first);
        assertThat(grant.get("token_type").asText()).isEqualTo("bearer");
        assertThat(grant.get("expires_in").asLong()).isBetween(3590L, 3600L);
        assertThat(client.read(second).get("access_token").asText()).isEqualTo(grant.get("access_token").asText());
        assertThat(client.token("cid", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void addressNeedsAValidBearerToken() throws Exception {
        assertThat(client.address(null, "CAM_A", 1, T0, T0 + 600).statusCode()).isEqualTo(401);
        assertThat(client.address("nope", "CAM_A", 1, T0, T0 + 600).statusCode()).isEqualTo(401);
        assertThat(client.address("static-token", "CAM_A", 1, T0, T0 + 600).statusCode()).isEqualTo(200);
    }

    @Test
    void answersTheDocumentedCodes() throws Exception {
        assertThat(code(client.address("static-token", "CAM_A", 1, T0, T0 + 3601))).isEqualTo("80430002");
        assertThat(code(client.address("static-token", "CAM_A", 1, T0 + 1300, T0 + 1900))).isEqualTo("80438027");
        assertThat(code(client.address("static-token", "NO_SUCH_CAM", 1, T0, T0 + 600))).isEqualTo("20002");
        assertThat(code(client.address("static-token", "CAM_A", 2, T0, T0 + 600))).isEqualTo("20002");
    }

    @Test
    void clipsActualTimesToTheRecordingsAndServesThatDuration() throws Exception {
        JsonNode reply = client.read(client.address("static-token", "CAM_A", 1, T0 + 900, T0 + 1500));
        assertThat(reply.get("code").asInt()).isZero();
        assertThat(reply.get("success").asBoolean()).isTrue();
        JsonNode data = reply.get("data");
        assertThat(data.get("actualBeginTime").asText()).isEqualTo(Long.toString(T0 + 900));
        assertThat(data.get("actualEndTime").asText()).isEqualTo(Long.toString(T0 + 1200));
        String url = data.get("url").asText();
        assertThat(url).startsWith(sim.baseUrl() + "/sim/files/").contains("Expires=").contains("Signature=");

        HttpResponse<byte[]> full = client.get(url, null);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        Mp4Facts facts = Mp4Facts.of(full.body());
        assertThat(facts.majorBrand()).isEqualTo("isom");
        assertThat(facts.durationSeconds()).isEqualTo(300.0);
        assertThat(facts.samples()).isEqualTo(600);

        HttpResponse<byte[]> tail = client.get(url, "bytes=100-");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes 100-" + (full.body().length - 1) + "/" + full.body().length);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(full.body(), 100, full.body().length));
        assertThat(client.get(url, "bytes=" + full.body().length + "-").statusCode()).isEqualTo(416);
    }

    @Test
    void refusesTamperedAndExpiredLinks() throws Exception {
        String url = client.read(client.address("static-token", "CAM_A", 1, T0, T0 + 600)).at("/data/url").asText();
        assertThat(client.get(url.replace("Signature=", "Signature=x"), null).statusCode()).isEqualTo(403);
        assertThat(client.get(url.replace("Expires=", "Expires=9"), null).statusCode()).isEqualTo(403);

        String expired = client.read(client.address("static-token", "CAM_EXP", 1, T0, T0 + 600)).at("/data/url").asText();
        HttpResponse<byte[]> refused = client.get(expired, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(new String(refused.body())).contains("expired");
        String fresh = client.read(client.address("static-token", "CAM_EXP", 1, T0, T0 + 600)).at("/data/url").asText();
        assertThat(client.get(fresh, null).statusCode()).isEqualTo(200);
    }

    @Test
    void scriptedFaultsHitExactlyTheListedRequests() throws Exception {
        assertThat(client.address("static-token", "CAM_5XX", 1, T0, T0 + 600).statusCode()).isEqualTo(502);
        assertThat(client.address("static-token", "CAM_5XX", 1, T0, T0 + 600).statusCode()).isEqualTo(502);
        assertThat(client.address("static-token", "CAM_5XX", 1, T0, T0 + 600).statusCode()).isEqualTo(200);
        assertThat(sim.counters().get("faults.http_5xx")).isEqualTo(2);
    }

    @Test
    void aTruncatedBodyEndsEarly() throws Exception {
        String url = client.read(client.address("static-token", "CAM_TRUNC", 1, T0, T0 + 600)).at("/data/url").asText();
        long before = sim.counters().get(RequestCounters.DOWNLOAD);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.get(url, null)).isInstanceOf(java.io.IOException.class);
        HttpResponse<byte[]> retry = client.get(url, null);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(Mp4Facts.of(retry.body()).samples()).isEqualTo(1200);
        assertThat(sim.counters().get(RequestCounters.DOWNLOAD) - before).isEqualTo(2);
        assertThat(sim.counters().get(RequestCounters.DOWNLOAD + ".CAM_TRUNC")).isEqualTo(2);
    }

    private static String code(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        return client.read(response).get("code").asText();
    }
}
