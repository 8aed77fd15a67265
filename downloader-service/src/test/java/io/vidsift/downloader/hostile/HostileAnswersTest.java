package io.vidsift.downloader.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.messages.BadMessageException;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.storage.StorageLayout;
import io.vidsift.downloader.AddressPolicy;
import io.vidsift.downloader.AddressRateLimit;
import io.vidsift.downloader.AddressStep;
import io.vidsift.downloader.AllowListedApi;
import io.vidsift.downloader.ApiHosts;
import io.vidsift.downloader.Backoff;
import io.vidsift.downloader.ChunkDownloader;
import io.vidsift.downloader.ChunkOutcome;
import io.vidsift.downloader.ClientCredentialsTokens;
import io.vidsift.downloader.DeviceSlots;
import io.vidsift.downloader.DownloadLedger;
import io.vidsift.downloader.DownloaderMetrics;
import io.vidsift.downloader.HikCloudApi;
import io.vidsift.downloader.HostResolver;
import io.vidsift.downloader.JdkHikCloudApi;
import io.vidsift.downloader.OutageGate;
import io.vidsift.downloader.Outages;
import io.vidsift.downloader.PinnedHttpTransport;
import io.vidsift.downloader.SanitizedException;
import io.vidsift.downloader.Secret;
import io.vidsift.downloader.Sleeper;
import io.vidsift.downloader.TargetLeases;
import io.vidsift.downloader.VideoFetcher;
import io.vidsift.simulator.video.SyntheticVideo;
import io.vidsift.simulator.video.VideoSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile API answers, links, redirects, HTTP answers and names against the downloader's real HTTP paths: a real
 * https API and download host on 127.0.0.1 (TLS with host-name checks), an "internal service" on 127.0.0.2 that
 * must never see a connection, and a name table standing for hostile DNS. Downloads may reach 127.0.0.1 only (the
 * download host); every case ends in a recorded status with a clear, sanitized {@code last_error}, and at the end
 * the first good download is still intact and no sentinel token, client secret or link signature is anywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileAnswersTest {

    static final String TOKEN = "SENTINEL-TOKEN-hostile-3f9a";
    static final String SECRET = "SENTINEL-SECRET-hostile-81c2";
    static final String SIGNATURE = "SENTINEL-SIG-77d0";
    static final long T0 = 1_770_080_400L;

    Path dir;

    TestTls tls;
    HostileServers servers;
    StorageLayout layout;
    byte[] mp4;
    final List<DownloadRecorded> records = new ArrayList<>();
    final Queue<String> logLines = new ConcurrentLinkedQueue<>();
    final Handler logCapture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(formatter.formatMessage(record));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                line.append(" | ").append(t);
            }
            logLines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    ChunkDownloader downloader;
    ChunkRequested firstGood;
    String firstGoodSha;
    int window;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        java.util.logging.Logger.getLogger("").addHandler(logCapture);
        tls = TestTls.create(dir);
        servers = new HostileServers(tls);
        layout = new StorageLayout(dir.resolve("storage"));
        Path video = dir.resolve("good.mp4");
        new SyntheticVideo(new VideoSettings(64, 48, 2, 5, 16, 8, 3, 2, 0)).write(video, 20, false);
        mp4 = Files.readAllBytes(video);
        servers.apiRoutes.put("/oauth/token", HostileServers.json(
                "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"bearer\",\"expires_in\":3600}"));
        servers.apiRoutes.put("/oauth/redirect", HostileServers.redirect(307, "https://127.0.0.2:" + servers.victimPort() + "/steal"));
        servers.cdnRoutes.put("/v.mp4", exchange -> HostileServers.send(exchange, 200, "video/mp4", mp4, Map.of()));
        servers.cdnRoutes.put("/loop", HostileServers.redirect(302, "/loop"));
        servers.cdnRoutes.put("/to-good", HostileServers.redirect(301, "/v.mp4?Signature=" + SIGNATURE));
        servers.cdnRoutes.put("/to-http", HostileServers.redirect(302, "http://cdn.test:" + servers.cdnPort() + "/v.mp4"));
        servers.cdnRoutes.put("/to-victim", HostileServers.redirect(302, "https://127.0.0.2:" + servers.victimPort() + "/x"));
        servers.cdnRoutes.put("/to-internal", HostileServers.redirect(307, "https://internal.test:" + servers.victimPort() + "/x"));
        servers.cdnRoutes.put("/to-metadata", HostileServers.redirect(308, "https://169.254.169.254/latest/meta-data/iam"));
        downloader = downloader(ApiHosts.of("127.0.0.1"));
    }

    @AfterAll
    void stop() throws IOException {
        java.util.logging.Logger.getLogger("").removeHandler(logCapture);
        if (servers != null) {
            servers.close();
        }
    }

    /** Names a hostile resolver answers; address literals resolve as themselves; nothing reaches real DNS. */
    static final HostResolver HOSTILE_DNS = host -> {
        Map<String, String[]> table = Map.of(
                "cdn.test", new String[]{"127.0.0.1"},
                "wrong.test", new String[]{"127.0.0.1"},
                "internal.test", new String[]{"127.0.0.2"},
                "metadata.test", new String[]{"169.254.169.254"},
                "mixed.test", new String[]{"93.184.215.14", "10.0.0.5"});
        if (table.containsKey(host)) {
            List<InetAddress> addresses = new ArrayList<>();
            for (String a : table.get(host)) {
                addresses.add(InetAddress.getByName(a));
            }
            return addresses.toArray(InetAddress[]::new);
        }
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return InetAddress.getAllByName(host);
        }
        throw new UnknownHostException(host);
    };

    ChunkDownloader downloader(ApiHosts hosts) {
        return downloader(hosts, Duration.ZERO, d -> { });
    }

    /** {@code betweenAttempts}: what a chunk does after a transient setback before it tries again. */
    ChunkDownloader downloader(ApiHosts hosts, Duration transientDeadline, Sleeper betweenAttempts) {
        Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), () -> 0.5);
        Sleeper noWait = d -> { };
        HikCloudApi api = new AllowListedApi(new JdkHikCloudApi(tls.context), hosts);
        ClientCredentialsTokens tokens = new ClientCredentialsTokens(api, "hostile-client", new Secret(SECRET), Clock.systemUTC(),
                Duration.ofSeconds(60), 2, backoff, noWait);
        AddressStep addresses = new AddressStep(api, tokens, new AddressRateLimit(0, noWait), 2, backoff, noWait, Set.of());
        VideoFetcher fetcher = new VideoFetcher(2, backoff, noWait, 4096,
                new PinnedHttpTransport(AddressPolicy.of("127.0.0.1/32"), HOSTILE_DNS, tls.context.getSocketFactory()));
        // downloader(hosts): a transient deadline of zero, so the first transient setback (an unreadable API answer, a broken HTTP answer, a
        // failed handshake) is recorded at once, with the cause as last_error, exactly as it would be once the real
        // deadline (hours) has passed. What this suite checks is that record, not the waiting (FailureClassesTest).
        return new ChunkDownloader(layout, new DownloadLedger(layout, new MessageCodec()), addresses, fetcher, new DeviceSlots(0),
                Clock.systemUTC(), hosts, DownloaderMetrics.none(), new Outages(backoff, Clock.systemUTC(), OutageGate.Listener.NONE),
                new TargetLeases("hostile", Duration.ofMinutes(1), Clock.systemUTC()), backoff, betweenAttempts, transientDeadline);
    }

    String cdn(String pathAndQuery) {
        return "https://cdn.test:" + servers.cdnPort() + pathAndQuery;
    }

    static String address(String url) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("url", url);
        data.put("actualBeginTime", String.valueOf(T0));
        data.put("actualEndTime", String.valueOf(T0 + 600));
        try {
            return new ObjectMapper().writeValueAsString(Map.of("code", "0", "msg", "ok", "data", data, "success", true));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    ChunkRequested chunk(String name, String serial, String deviceName, String apiBase, String tokenPath) {
        long begin = T0 + 600L * window++;
        return new ChunkRequested(Schema.VERSION, "job-hostile", "chunk-" + name + "-" + window,
                new CloudWindow(serial, 1, deviceName, begin, begin + 600, null, null), false, apiBase, "/dl/" + name, tokenPath,
                5, 10, "out", AnalysisConfig.defaults());
    }

    /** One chunk whose address request the API answers with {@code answer}. */
    DownloadRecorded run(String name, HttpHandler answer) throws InterruptedException {
        return run(downloader, chunk(name, "CAM_H", "cam", servers.apiBase(), "/oauth/token"), answer);
    }

    DownloadRecorded run(ChunkDownloader with, ChunkRequested chunk, HttpHandler answer) throws InterruptedException {
        servers.apiRoutes.put(chunk.downloadPath(), answer);
        DownloadRecorded record = with.handle(chunk).record();
        records.add(record);
        return record;
    }

    DownloadRecorded refusedLink(String name, String url) throws InterruptedException {
        DownloadRecorded record = run(name, HostileServers.json(address(url)));
        assertThat(record.status()).as(name).isEqualTo(DownloadStatus.DOWNLOAD_FAILED);
        assertThat(record.path()).as(name).isNull();
        assertThat(servers.victimConnections).as(name + ": the internal service saw nothing").hasValue(0);
        return record;
    }

    // --- the control: a good link (on a non-standard port) and a relative redirect still download ---

    @Test
    @Order(1)
    void aGoodSignedLinkDownloadsAndIsRecorded() throws Exception {
        firstGood = chunk("good", "CAM_H", "cam", servers.apiBase(), "/oauth/token");
        DownloadRecorded record = run(downloader, firstGood, HostileServers.json(address(cdn("/v.mp4?Expires=1&OSSAccessKeyId=k&Signature=" + SIGNATURE))));
        assertThat(record.status()).isEqualTo(DownloadStatus.DOWNLOADED);
        assertThat(record.downloadUrlHost()).isEqualTo("cdn.test");
        assertThat(Files.readAllBytes(layout.resolve(record.path()))).isEqualTo(mp4);
        firstGoodSha = record.sha256();
        // The token went to the API, never to the download host.
        assertThat(servers.apiAuthorizations).contains("bearer " + TOKEN);
        assertThat(servers.cdnRequestsFor("/v.mp4")).allSatisfy(r -> assertThat(r).doesNotContain("authorization").doesNotContain(TOKEN));
    }

    @Test
    @Order(2)
    void aRelativeRedirectOnTheSameHttpsHostIsFollowed() throws Exception {
        assertThat(run("to-good", HostileServers.json(address(cdn("/to-good")))).status()).isEqualTo(DownloadStatus.DOWNLOADED);
    }

    // --- links the API answers with ---

    @Test
    void aPlainHttpLinkFromAnHttpsApiIsRefused() throws Exception {
        int before = servers.cdnRequests.size();
        assertThat(refusedLink("http-link", "http://cdn.test:" + servers.cdnPort() + "/v.mp4?Signature=" + SIGNATURE).lastError())
                .isEqualTo("download refused: download url is plain http (only https, unless the API's entry in "
                        + "vidsift.hik-cloud.allowed-api-hosts names http://)");
        assertThat(servers.cdnRequests).hasSize(before);
    }

    @Test
    void aLinkToTheCloudMetadataAddressIsRefusedBeforeAnyConnection() throws Exception {
        assertThat(refusedLink("metadata", "https://169.254.169.254/latest/meta-data/iam?Signature=" + SIGNATURE).lastError())
                .isEqualTo("download refused: host 169.254.169.254: address 169.254.169.254 is link-local (cloud metadata), "
                        + "not allowed by vidsift.downloader.allowed-download-networks");
        assertThat(refusedLink("metadata-name", "https://metadata.test/latest/meta-data/").lastError())
                .contains("host metadata.test: address 169.254.169.254 is link-local (cloud metadata)");
    }

    @Test
    void linksIntoPrivateRangesAreRefused() throws Exception {
        Map<String, String> cases = Map.of(
                "https://10.0.0.1/v.mp4", "address 10.0.0.1 is private",
                "https://172.16.5.4:8443/v.mp4", "address 172.16.5.4 is private",
                "https://192.168.1.1/v.mp4", "address 192.168.1.1 is private",
                "https://100.64.0.1/v.mp4", "address 100.64.0.1 is private (CGNAT)",
                "https://[fd00::1]/v.mp4", "is private (unique-local)",
                "https://[fd00:ec2::254]/latest/meta-data/", "is private (unique-local)",
                "https://[fe80::1]/v.mp4", "is link-local",
                "https://0.0.0.0:" + servers.cdnPort() + "/v.mp4", "address 0.0.0.0 is unspecified");
        int i = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertThat(refusedLink("private-" + i++, c.getKey()).lastError()).as(c.getKey()).contains(c.getValue())
                    .startsWith("download refused: host ");
        }
    }

    @Test
    void ipv6LoopbackLiteralsAndMappedAddressesAreRefused() throws Exception {
        assertThat(refusedLink("v6-loopback", "https://[::1]:" + servers.victimPort() + "/x").lastError())
                .contains("address 0:0:0:0:0:0:0:1 is loopback");
        assertThat(refusedLink("v4-mapped", "https://[::ffff:127.0.0.2]:" + servers.victimPort() + "/x").lastError())
                .contains("address 127.0.0.2 is loopback");
        assertThat(refusedLink("nat64", "https://[64:ff9b::a9fe:a9fe]/x").lastError())
                .contains("address 169.254.169.254 is link-local");
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedAtConnectTime() throws Exception {
        // The name itself looks harmless; what it resolves to is what counts.
        assertThat(refusedLink("dns-loopback", "https://internal.test:" + servers.victimPort() + "/x?Signature=" + SIGNATURE).lastError())
                .isEqualTo("download refused: host internal.test: address 127.0.0.2 is loopback, not allowed by "
                        + "vidsift.downloader.allowed-download-networks");
    }

    @Test
    void oneForbiddenAddressAmongPublicOnesRefusesTheName() throws Exception {
        assertThat(refusedLink("dns-mixed", "https://mixed.test/v.mp4").lastError())
                .contains("host mixed.test: address 10.0.0.5 is private");
    }

    @Test
    void aLinkWithUserInfoIsRefusedWithoutEchoingIt() throws Exception {
        assertThat(refusedLink("userinfo", "https://" + TOKEN + ":" + SECRET + "@cdn.test:" + servers.cdnPort() + "/v.mp4").lastError())
                .isEqualTo("download refused: download url carries user info");
    }

    @Test
    void malformedSignedLinksAreRecordedNotThrown() throws Exception {
        // URI.create on these throws with the whole link in its message; nothing of it may reach a record.
        assertThat(refusedLink("malformed-pipe", cdn("/v.mp4?Expires=1&Signature=" + SIGNATURE + "|x")).lastError())
                .isEqualTo("download refused: download url is not a valid URL");
        assertThat(refusedLink("malformed-space", cdn("/v .mp4?Signature=" + SIGNATURE)).lastError())
                .isEqualTo("download refused: download url contains spaces, control or non-ASCII characters");
        assertThat(refusedLink("malformed-crlf", cdn("/v.mp4\r\nX-Injected: yes?Signature=" + SIGNATURE)).lastError())
                .isEqualTo("download refused: download url contains spaces, control or non-ASCII characters");
        assertThat(refusedLink("too-long", cdn("/v.mp4?Signature=" + "A".repeat(10_000))).lastError())
                .isEqualTo("download refused: download url is longer than 8192 characters");
        assertThat(refusedLink("no-scheme", "//cdn.test/v.mp4?Signature=" + SIGNATURE).lastError())
                .isEqualTo("download refused: download url is not an https URL");
        assertThat(refusedLink("file", "file:///etc/passwd").lastError()).isEqualTo("download refused: download url is not an https URL");
    }

    @Test
    void encodedLineBreaksInALinkStayInThePath() throws Exception {
        DownloadRecorded record = refusedLink("encoded-crlf", cdn("/v.mp4%0d%0aX-Injected:%20yes?Signature=" + SIGNATURE));
        assertThat(record.lastError()).isEqualTo("download: HTTP 404"); // a path the host does not have, nothing more
        assertThat(servers.cdnRequests).noneMatch(r -> r.contains("x-injected"));
    }

    @Test
    void aRefusedLinkIsFinalAtOnceEvenWithAnHoursLongTransientDeadline() throws Exception {
        // A refusal is no outage: waiting would only get the same refusal. After a transient setback a chunk sleeps
        // before its next attempt; this downloader's sleep fails the test instead of waiting six hours.
        ChunkDownloader patient = downloader(ApiHosts.of("127.0.0.1"), Duration.ofHours(6), d -> {
            throw new AssertionError("a refused link was treated as a transient setback");
        });
        Map<String, String> cases = Map.of(
                cdn("/to-metadata"), "address 169.254.169.254 is link-local",
                "https://10.0.0.1/v.mp4?Signature=" + SIGNATURE, "address 10.0.0.1 is private",
                "http://cdn.test:" + servers.cdnPort() + "/v.mp4", "download url is plain http");
        int i = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            DownloadRecorded record = run(patient, chunk("patient-" + i++, "CAM_H", "cam", servers.apiBase(), "/oauth/token"),
                    HostileServers.json(address(c.getKey())));
            assertThat(record.status()).as(c.getKey()).isEqualTo(DownloadStatus.DOWNLOAD_FAILED);
            assertThat(record.lastError()).as(c.getKey()).startsWith("download refused: ").contains(c.getValue());
            assertThat(record.retryCount()).as(c.getKey()).isZero();
        }
        assertThat(servers.victimConnections).hasValue(0);
    }

    // --- redirects ---

    @Test
    void redirectsToLoopbackInternalNamesOrMetadataAreRefused() throws Exception {
        assertThat(refusedLink("to-victim", cdn("/to-victim")).lastError())
                .isEqualTo("download refused: host 127.0.0.2: address 127.0.0.2 is loopback, not allowed by "
                        + "vidsift.downloader.allowed-download-networks");
        assertThat(refusedLink("to-internal", cdn("/to-internal")).lastError()).contains("host internal.test: address 127.0.0.2 is loopback");
        assertThat(refusedLink("to-metadata", cdn("/to-metadata")).lastError()).contains("address 169.254.169.254 is link-local");
    }

    @Test
    void aRedirectToPlainHttpIsRefused() throws Exception {
        assertThat(refusedLink("to-http", cdn("/to-http")).lastError())
                .isEqualTo("download refused: redirect location is plain http (only https, unless the API's entry in "
                        + "vidsift.hik-cloud.allowed-api-hosts names http://)");
    }

    @Test
    void aRedirectLoopEndsAfterFiveHops() throws Exception {
        int before = servers.cdnRequestsFor("/loop").size();
        assertThat(refusedLink("loop", cdn("/loop")).lastError()).isEqualTo("download refused: more than 5 redirects");
        assertThat(servers.cdnRequestsFor("/loop").size() - before).isEqualTo(6); // not retried: a refusal is final
    }

    // --- the API itself answers with hostility ---

    @Test
    void anApiRedirectIsAFailedCallAndTheTokenGoesNowhereElse() throws Exception {
        DownloadRecorded record = run("api-redirect", HostileServers.redirect(302, "https://127.0.0.2:" + servers.victimPort() + "/steal"));
        assertThat(record.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(record.lastError()).isEqualTo("address request: HTTP 302");
        assertThat(servers.victimConnections).hasValue(0);
    }

    @Test
    void aTokenEndpointRedirectDoesNotCarryTheClientSecretAnywhere() throws Exception {
        ChunkRequested chunk = chunk("token-redirect", "CAM_H", "cam", servers.apiBase(), "/oauth/redirect");
        DownloadRecorded record = run(downloader, chunk, HostileServers.json(address(cdn("/v.mp4"))));
        assertThat(record.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(record.lastError()).isEqualTo("token request failed: token request: HTTP 307");
        assertThat(servers.victimConnections).hasValue(0);
    }

    @Test
    void aHugeAnswerIsRefusedNotBuffered() throws Exception {
        String huge = "{\"code\":\"0\",\"data\":{\"url\":\"" + cdn("/v.mp4") + "\"},\"pad\":\"" + "x".repeat(3 << 20) + "\"}";
        DownloadRecorded record = run("huge", HostileServers.json(huge));
        assertThat(record.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(record.lastError()).isEqualTo("address request: answer larger than 1048576 bytes");
        assertThat(record.retryCount()).isZero();
    }

    @Test
    void garbageAndDeeplyNestedJsonAreTransientFailures() throws Exception {
        DownloadRecorded garbage = run("garbage", HostileServers.json("<html>" + TOKEN + "</html>"));
        assertThat(garbage.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(garbage.lastError()).isEqualTo("address request: malformed JSON answer");
        assertThat(garbage.retryCount()).isEqualTo(1); // retried, as an unreadable answer may be a glitch
        DownloadRecorded nested = run("nested", HostileServers.json("[".repeat(5000) + "]".repeat(5000)));
        assertThat(nested.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(nested.lastError()).startsWith("address request: ");
    }

    @Test
    void anAnswerThatEchoesTheTokenWithLineBreaksIsRecordedOnOneCleanLine() throws Exception {
        HttpHandler echo = exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String body = new ObjectMapper().writeValueAsString(Map.of("code", "10001",
                    "msg", "denied\r\nAuthorization: " + auth + "\r\nX-Forged: " + auth.substring(7) + "\nclient_secret=" + SECRET));
            HostileServers.send(exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
        };
        DownloadRecorded record = run("echo", echo);
        assertThat(record.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(record.lastError()).startsWith("code 10001: denied Authorization: <redacted>").doesNotContain("\n").doesNotContain("\r");
        // The bare token (no "bearer", no field name) cannot be recognised by a redactor: the length bound and the
        // scan below are what show whether it got through.
    }

    @Test
    void anApiOnAPortTheEntryDoesNotNameGetsNoRequest() throws Exception {
        int before = servers.apiAuthorizations.size();
        ChunkDownloader pinned = downloader(ApiHosts.of("127.0.0.1:443"));
        DownloadRecorded record = run(pinned, chunk("port", "CAM_H", "cam", servers.apiBase(), "/oauth/token"),
                HostileServers.json(address(cdn("/v.mp4"))));
        assertThat(record.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(record.lastError()).isEqualTo("api_base_url host 127.0.0.1:" + servers.api.getAddress().getPort()
                + " is not in vidsift.hik-cloud.allowed-api-hosts");
        assertThat(servers.apiAuthorizations).hasSize(before);
    }

    // --- the download host answers with broken HTTP or the wrong certificate ---

    @Test
    void brokenHttpAnswersFailTheDownloadAndLeaveNoFinalFile() throws Exception {
        Map<String, byte[]> answers = new LinkedHashMap<>();
        answers.put("not an HTTP/1.x answer", "SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        answers.put("answer head longer than allowed",
                ("HTTP/1.1 200 OK\r\nX-Pad: " + "p".repeat(100_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        answers.put("malformed chunk size",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n".getBytes(StandardCharsets.US_ASCII));
        answers.put("invalid Content-Length",
                "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        answers.put("more than 100 headers",
                ("HTTP/1.1 200 OK\r\n" + "X-A: b\r\n".repeat(150) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        int i = 0;
        for (Map.Entry<String, byte[]> answer : answers.entrySet()) {
            servers.rawAnswer.set(answer.getValue());
            DownloadRecorded record = run("raw-" + i++, HostileServers.json(address("https://cdn.test:" + servers.rawPort() + "/v.mp4")));
            assertThat(record.status()).as(answer.getKey()).isEqualTo(DownloadStatus.DOWNLOAD_FAILED);
            assertThat(record.lastError()).as(answer.getKey()).contains(answer.getKey());
        }
        try (Stream<Path> files = Files.walk(layout.root())) {
            assertThat(files.filter(p -> p.toString().endsWith(".mp4")).count()).isEqualTo(2); // the two good downloads
        }
    }

    @Test
    void aCertificateForAnotherNameFailsTheHandshake() throws Exception {
        int before = servers.cdnRequestsFor("/v.mp4").size();
        DownloadRecorded record = run("wrong-name", HostileServers.json(address("https://wrong.test:" + servers.cdnPort() + "/v.mp4")));
        assertThat(record.status()).isEqualTo(DownloadStatus.DOWNLOAD_FAILED);
        assertThat(record.lastError()).contains("SSLHandshakeException").contains("wrong.test");
        assertThat(servers.cdnRequestsFor("/v.mp4")).hasSize(before);
    }

    // --- hostile names ---

    @Test
    void hostileDeviceSerialsNeverBecomePathsAndDeviceNamesNeverDo() throws Exception {
        for (String serial : List.of("../../../etc", "CAM/../../x", "..", "CAM\u0000", "CAM H", "%2e%2e")) {
            ChunkRequested bad = chunk("serial", serial, "cam", servers.apiBase(), "/oauth/token");
            assertThatThrownBy(() -> downloader.handle(bad)).as(serial).isInstanceOf(BadMessageException.class)
                    .hasMessageContaining("device_serial has unsafe characters");
        }
        ChunkRequested named = chunk("named", "CAM_SAFE", "<img src=x onerror=alert(1)>/../../../etc/passwd", servers.apiBase(),
                "/oauth/token");
        DownloadRecorded record = run(downloader, named, HostileServers.json(address(cdn("/v.mp4"))));
        assertThat(record.status()).isEqualTo(DownloadStatus.DOWNLOADED);
        assertThat(record.path()).startsWith("downloads/hik_cloud/CAM_SAFE/ch1/CAM_SAFE_ch1_").doesNotContain("..").doesNotContain("<");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.toString().contains("passwd") || p.toString().contains("<"))).isEmpty();
        }
    }

    @Test
    void aDeadLetterReasonIsSanitized() {
        // What the Kafka shell throws for a record it cannot handle becomes the DLQ's dead-letter-reason header.
        IllegalArgumentException raw = new IllegalArgumentException("Illegal character in query at index 40: "
                + cdn("/v.mp4?Expires=1&Signature=" + SIGNATURE + "|x") + "\nAuthorization: bearer " + TOKEN);
        SanitizedException clean = SanitizedException.of(raw);
        assertThat(clean.getMessage()).startsWith("IllegalArgumentException: Illegal character in query at index 40: https://cdn.test:")
                .doesNotContain(SIGNATURE).doesNotContain(TOKEN).doesNotContain("\n");
        assertThat(clean.getCause()).isNull();
    }

    // --- afterwards ---

    @Test
    @Order(Integer.MAX_VALUE) // after every unordered case
    void nothingRecordedIsLostAndNoSecretIsAnywhere() throws Exception {
        // The first good download survived everything above: a redelivery is answered from storage, no request.
        int apiCalls = servers.apiAuthorizations.size();
        ChunkOutcome again = downloader.handle(firstGood);
        assertThat(again.skipped()).isTrue();
        assertThat(again.record().sha256()).isEqualTo(firstGoodSha);
        assertThat(Files.readAllBytes(layout.resolve(again.record().path()))).isEqualTo(mp4);
        assertThat(servers.apiAuthorizations).hasSize(apiCalls);

        assertThat(records).hasSizeGreaterThanOrEqualTo(35);
        List<String> sentinels = List.of(TOKEN, SECRET, SIGNATURE, "Signature=");
        List<String> leaks = new ArrayList<>();
        MessageCodec codec = new MessageCodec();
        for (DownloadRecorded record : records) {
            String text = codec.write(record);
            sentinels.stream().filter(text::contains).forEach(s -> leaks.add("record " + record.chunkId() + " contains " + s));
        }
        try (Stream<Path> files = Files.walk(layout.root())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = file + "\n" + new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                sentinels.stream().filter(text::contains).forEach(s -> leaks.add(file + " contains " + s));
            }
        }
        // The plain domain logs without the service's redacting filter: what it logs must be clean by itself.
        for (String line : logLines) {
            sentinels.stream().filter(line::contains).forEach(s -> leaks.add("log line contains " + s + ": " + line));
        }
        assertThat(leaks).isEmpty();
        // The sentinels did flow: the API got the secret and the token.
        assertThat(servers.apiBodies).anyMatch(b -> b.contains(SECRET));
        assertThat(servers.apiAuthorizations).contains("bearer " + TOKEN);
    }
}
