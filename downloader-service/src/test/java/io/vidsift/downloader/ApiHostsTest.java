package io.vidsift.downloader;

import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** vidsift.hik-cloud.allowed-api-hosts: which URLs may get the token, and that a refused chunk sends nothing. */
class ApiHostsTest {

    static final ApiHosts DEFAULT = ApiHosts.of(ApiHosts.DEFAULT);

    static Optional<String> base(ApiHosts hosts, String url) {
        return hosts.refusal(new ApiEndpoint(url, HikCloudConfig.DEFAULT_DOWNLOAD_PATH, HikCloudConfig.DEFAULT_TOKEN_PATH, 5));
    }

    @Test
    void theDefaultAllowsTheRealApiOnly() {
        assertThat(base(DEFAULT, "https://api2.hik-cloud.com")).isEmpty();
        assertThat(base(DEFAULT, "https://API2.Hik-Cloud.com:443")).isEmpty();
        assertThat(base(DEFAULT, "https://evil.example")).contains("api_base_url host evil.example is not in vidsift.hik-cloud.allowed-api-hosts");
        assertThat(base(DEFAULT, "https://api2.hik-cloud.com.evil.example")).isPresent();
        assertThat(base(DEFAULT, "https://hik-cloud.com")).isPresent();
        assertThat(base(DEFAULT, "https://evil.example/?next=api2.hik-cloud.com")).isPresent();
        // userinfo is not the host
        assertThat(base(DEFAULT, "https://api2.hik-cloud.com@evil.example"))
                .contains("api_base_url host evil.example is not in vidsift.hik-cloud.allowed-api-hosts");
    }

    @Test
    void anEntryWithoutAPortAllowsEveryPortWithOneOnlyThatPort() {
        ApiHosts loopback = ApiHosts.of("http://127.0.0.1");
        assertThat(base(loopback, "http://127.0.0.1:8090")).isEmpty();
        assertThat(base(loopback, "http://127.0.0.1:41234/")).isEmpty();
        assertThat(base(loopback, "http://127.0.0.2:8090")).contains("api_base_url host 127.0.0.2:8090 is not in vidsift.hik-cloud.allowed-api-hosts");
        assertThat(base(loopback, "http://localhost:8090")).isPresent();

        ApiHosts pinned = ApiHosts.parse(List.of("api.example.com:443, http://sim.example:8090"));
        assertThat(base(pinned, "https://api.example.com")).isEmpty();          // https means 443
        assertThat(base(pinned, "http://api.example.com")).isPresent();         // http means 80
        assertThat(base(pinned, "https://api.example.com:8443")).isPresent();
        assertThat(base(pinned, "http://sim.example:8090")).isEmpty();
        assertThat(base(pinned, "http://sim.example:8091")).contains("api_base_url host sim.example:8091 is not in vidsift.hik-cloud.allowed-api-hosts");
        assertThat(pinned.describe()).isEqualTo("api.example.com:443,http://sim.example:8090");
    }

    @Test
    void plainHttpOnlyWhereAnEntryNamesHttpExplicitly() {
        // The token and client secret in clear text: only where the operator wrote http://.
        assertThat(base(DEFAULT, "http://api2.hik-cloud.com")).contains("api_base_url is plain http, and "
                + "vidsift.hik-cloud.allowed-api-hosts allows api2.hik-cloud.com over https only (an entry http://api2.hik-cloud.com would allow it)");
        ApiHosts explicit = ApiHosts.of("https://api2.hik-cloud.com/", "http://sim.example:8090");
        assertThat(base(explicit, "https://api2.hik-cloud.com")).isEmpty();
        assertThat(base(explicit, "http://api2.hik-cloud.com")).isPresent();
        assertThat(base(explicit, "http://sim.example:8090")).isEmpty();
        assertThat(base(explicit, "https://sim.example:8090")).isEmpty();
        assertThat(explicit.describe()).isEqualTo("api2.hik-cloud.com,http://sim.example:8090");
        // Download links may be http only for an API that passed through an http:// entry.
        ApiEndpoint sim = new ApiEndpoint("http://sim.example:8090", "/d", "/t", 5);
        ApiEndpoint real = new ApiEndpoint("https://api2.hik-cloud.com", "/d", "/t", 5);
        assertThat(explicit.allowsHttp(sim)).isTrue();
        assertThat(explicit.allowsHttp(real)).isFalse();
        assertThat(explicit.allowsHttp(new ApiEndpoint("http://evil.example", "/d", "/t", 5))).isFalse();
        // The most permissive entry of a host decides.
        assertThat(ApiHosts.of("sim.example", "http://sim.example").allowsHttp(new ApiEndpoint("https://sim.example", "/d", "/t", 5))).isTrue();
    }

    @Test
    void ipv6LiteralsWithAndWithoutBrackets() {
        assertThat(base(ApiHosts.of("http://[::1]:8090"), "http://[::1]:8090")).isEmpty();
        assertThat(base(ApiHosts.of("http://[::1]:8090"), "http://[::1]:8091")).isPresent();
        assertThat(base(ApiHosts.of("::1"), "https://[::1]:1")).isEmpty();
        assertThat(base(ApiHosts.of("[::1]"), "https://[::1]:2")).isEmpty();
        assertThat(base(ApiHosts.of("[::1]"), "http://[::1]:2")).isPresent();
    }

    @Test
    void pathsCannotMoveTheRequestToAnotherHost() {
        assertThat(DEFAULT.refusal(new ApiEndpoint("https://api2.hik-cloud.com", "@evil.example/x", "/oauth/token", 5)))
                .contains("api_base_url + download_path host evil.example is not in vidsift.hik-cloud.allowed-api-hosts");
        assertThat(DEFAULT.refusal(new ApiEndpoint("https://api2.hik-cloud.com", "/x", ".evil.example/oauth/token", 5)))
                .contains("api_base_url + token_path host api2.hik-cloud.com.evil.example is not in vidsift.hik-cloud.allowed-api-hosts");
        assertThat(DEFAULT.refusal(new ApiEndpoint("https://api2.hik-cloud.com", ":443@evil.example/x", "/oauth/token", 5)))
                .isPresent();
    }

    @Test
    void refusalsAreSanitizedAndNeverEchoTheUrl() {
        String secretish = "SENTINEL-TOKEN-q1";
        assertThat(base(DEFAULT, "https://evil.example/api?access_token=" + secretish))
                .contains("api_base_url host evil.example is not in vidsift.hik-cloud.allowed-api-hosts");
        assertThat(base(DEFAULT, "https://" + secretish + "@evil.example")).get().asString().doesNotContain(secretish);
        assertThat(base(DEFAULT, "http://bad host/" + secretish)).contains("api_base_url is not a valid URL");
        assertThat(base(DEFAULT, "file:///etc/passwd")).contains("api_base_url is not an http(s) URL");
        assertThat(base(DEFAULT, "ftp://api2.hik-cloud.com")).contains("api_base_url is not an http(s) URL");
        assertThat(base(DEFAULT, "https://under_score.example")).get().asString().contains("no host name");
        assertThat(base(DEFAULT, "x".repeat(500))).isPresent();
    }

    @Test
    void entriesMustBeHostsOrHostPorts() {
        for (String bad : List.of("https://api2.hik-cloud.com/api", "ftp://api2.hik-cloud.com", "api2.hik-cloud.com/api", "*.hik-cloud.com", "host:0", "host:99999",
                "host:abc", "user@host", "[::1", ":8080")) {
            assertThatThrownBy(() -> ApiHosts.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("vidsift.hik-cloud.allowed-api-hosts: ");
        }
        ApiHosts none = ApiHosts.parse(List.of(" , "));
        assertThat(none.isEmpty()).isTrue();
        assertThat(base(none, "https://api2.hik-cloud.com")).isPresent();
    }

    // --- a refused chunk makes no request of any kind ---

    final List<Duration> waits = new ArrayList<>();
    final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.5);

    ChunkRequested chunk(String apiBaseUrl, boolean dryRun) {
        return new ChunkRequested(1, "job-1", "chunk-1", new CloudWindow("CAM", 1, "cam", 1_770_080_400L, 1_770_080_700L, null, null),
                dryRun, apiBaseUrl, HikCloudConfig.DEFAULT_DOWNLOAD_PATH, HikCloudConfig.DEFAULT_TOKEN_PATH, 5, 30, "out",
                AnalysisConfig.defaults());
    }

    @Test
    void aChunkForAnotherHostEndsAddressFailedWithoutAnyRequest(@TempDir Path storage) throws Exception {
        FakeApi api = new FakeApi(); // nothing queued: any call would fail the test
        ClientCredentialsTokens tokens = new ClientCredentialsTokens(api, "id", new Secret("client-secret"), Clock.systemUTC(),
                Duration.ofSeconds(300), 4, backoff, waits::add);
        StorageLayout layout = new StorageLayout(storage);
        DownloadLedger ledger = new DownloadLedger(layout, new MessageCodec());
        ChunkDownloader downloader = new ChunkDownloader(layout, ledger,
                new AddressStep(api, tokens, new AddressRateLimit(0, waits::add), 4, backoff, waits::add, Set.of("10029")),
                new VideoFetcher(4, backoff, waits::add, 1024, new PinnedHttpTransport(AddressPolicy.publicOnly())),
                new DeviceSlots(1), Clock.systemUTC(), DEFAULT, DownloaderMetrics.none(),
                new Outages(backoff, Clock.systemUTC(), OutageGate.Listener.NONE), new TargetLeases("test", Duration.ofMinutes(1),
                Clock.systemUTC()), backoff, waits::add, Duration.ofHours(1));
        for (boolean dryRun : new boolean[]{false, true}) {
            DownloadRecorded record = downloader.handle(chunk("https://evil.example:8443/api?x=1", dryRun)).record();
            assertThat(record.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
            assertThat(record.retryCount()).isZero();
            assertThat(record.lastError()).isEqualTo("api_base_url host evil.example:8443 is not in vidsift.hik-cloud.allowed-api-hosts");
            assertThat(record.path()).isNull();
            assertThat(record.downloadUrlHost()).isNull();
            assertThat(record.dryRun()).isEqualTo(dryRun);
        }
        assertThat(api.tokenCalls).isZero();
        assertThat(api.tokensUsed).isEmpty();
        assertThat(waits).isEmpty();
    }

    @Test
    void theApiGateRefusesTokenAndAddressRequestsWithoutCallingTheApi() throws Exception {
        FakeApi api = new FakeApi();
        HikCloudApi gated = new AllowListedApi(api, DEFAULT);
        ApiEndpoint evil = new ApiEndpoint("https://evil.example", "/api/v1/download", "/oauth/token", 5);

        ClientCredentialsTokens tokens = new ClientCredentialsTokens(gated, "id", new Secret("client-secret"), Clock.systemUTC(),
                Duration.ofSeconds(300), 4, backoff, waits::add);
        assertThatThrownBy(() -> tokens.current(evil)).isInstanceOf(ApiFailure.class)
                .hasMessage("token request failed: api_base_url host evil.example is not in vidsift.hik-cloud.allowed-api-hosts")
                .satisfies(e -> assertThat(((ApiFailure) e).kind()).isEqualTo(ApiFailure.Kind.PERMANENT));
        assertThat(api.tokenCalls).isZero();

        AddressStep step = new AddressStep(gated, AccessTokens.fixed(new Secret("t1")), new AddressRateLimit(0, waits::add), 4,
                backoff, waits::add, Set.of("10029"));
        AddressResult result = step.request(evil, new AddressQuery("CAM", 1, 10, 20));
        assertThat(result.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(result.retries()).isZero();
        assertThat(result.lastError()).isEqualTo("api_base_url host evil.example is not in vidsift.hik-cloud.allowed-api-hosts");
        assertThat(api.tokensUsed).isEmpty();
        assertThat(waits).isEmpty();

        // Allowed: the call goes through.
        api.token(new TokenGrant(new Secret("t9"), 3600));
        ApiEndpoint real = new ApiEndpoint("https://api2.hik-cloud.com", "/api/v1/download", "/oauth/token", 5);
        assertThat(tokens.current(real).value()).isEqualTo("t9");
        assertThat(api.tokenCalls).isEqualTo(1);
    }
}
