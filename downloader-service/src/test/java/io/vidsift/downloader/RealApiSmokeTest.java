package io.vidsift.downloader;

import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.storage.StorageLayout;
import io.vidsift.common.time.DateTimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real chunk against the real Hik Cloud API, opt-in: runs only with HIK_CLOUD_ACCESS_TOKEN,
 * HIK_CLOUD_SMOKE_DEVICE (serial, or serial:channel) and HIK_CLOUD_SMOKE_RANGE ("begin/end", each
 * "YYYY-MM-DD HH:MM:SS" in Asia/Shanghai or epoch seconds; at most 3600 s) set; reported as skipped otherwise.
 * HIK_CLOUD_API_BASE_URL overrides the endpoint. It prints the outcome, never the token or the link.
 */
@EnabledIfEnvironmentVariable(named = "HIK_CLOUD_ACCESS_TOKEN", matches = ".+", disabledReason = "real-API smoke: HIK_CLOUD_ACCESS_TOKEN not set")
@EnabledIfEnvironmentVariable(named = "HIK_CLOUD_SMOKE_DEVICE", matches = ".+", disabledReason = "real-API smoke: HIK_CLOUD_SMOKE_DEVICE not set")
@EnabledIfEnvironmentVariable(named = "HIK_CLOUD_SMOKE_RANGE", matches = ".+/.+", disabledReason = "real-API smoke: HIK_CLOUD_SMOKE_RANGE (begin/end) not set")
class RealApiSmokeTest {

    @TempDir
    Path storage;

    @Test
    void downloadsOneChunkFromTheRealApi() throws Exception {
        String[] device = System.getenv("HIK_CLOUD_SMOKE_DEVICE").split(":");
        String[] range = System.getenv("HIK_CLOUD_SMOKE_RANGE").split("/");
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        long begin = DateTimes.parse(range[0], zone);
        long end = DateTimes.parse(range[1], zone);
        String base = System.getenv().getOrDefault("HIK_CLOUD_API_BASE_URL", HikCloudConfig.DEFAULT_API_BASE_URL);
        String serial = device[0];
        int channel = device.length > 1 ? Integer.parseInt(device[1]) : 1;
        String job = "smoke-" + System.currentTimeMillis();
        ChunkRequested chunk = new ChunkRequested(1, job, Ids.chunkId(job, serial, channel, begin, end),
                new CloudWindow(serial, channel, null, begin, end, null, null), false, base, HikCloudConfig.DEFAULT_DOWNLOAD_PATH,
                HikCloudConfig.DEFAULT_TOKEN_PATH, 60, 600, storage.toString(), AnalysisConfig.defaults());

        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), Math::random);
        StorageLayout layout = new StorageLayout(storage);
        AccessTokens token = AccessTokens.fixed(new Secret(System.getenv("HIK_CLOUD_ACCESS_TOKEN")));
        ChunkDownloader downloader = new ChunkDownloader(layout, new DownloadLedger(layout, new MessageCodec()),
                new AddressStep(new JdkHikCloudApi(), token, new AddressRateLimit(1, Sleeper.REAL), 3, backoff, Sleeper.REAL, Set.of()),
                new VideoFetcher(3, backoff, Sleeper.REAL, 256 * 1024, new PinnedHttpTransport(AddressPolicy.publicOnly())),
                new DeviceSlots(1), Clock.systemUTC(), ApiHosts.of(java.net.URI.create(base).getHost()), DownloaderMetrics.none(),
                new Outages(backoff, Clock.systemUTC(), OutageGate.Listener.NONE), new TargetLeases("smoke", Duration.ofMinutes(1),
                Clock.systemUTC()), backoff, Sleeper.REAL, Duration.ofMinutes(2));

        var record = downloader.handle(chunk).record();
        System.out.println("real-API smoke: status=" + record.status().key() + " retries=" + record.retryCount()
                + " bytes=" + record.bytes() + " host=" + record.downloadUrlHost() + " last_error=" + record.lastError());
        assertThat(record.status()).isIn(DownloadStatus.DOWNLOADED, DownloadStatus.NO_RECORDING);
        if (record.status() == DownloadStatus.DOWNLOADED) {
            Path file = layout.resolve(record.path());
            Mp4Check.verify(file);
            assertThat(Files.size(file)).isEqualTo(record.bytes());
        }
    }
}
