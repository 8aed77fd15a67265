package io.vidsift.downloader.containers;

import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.storage.StorageLayout;
import io.vidsift.downloader.AccessTokens;
import io.vidsift.downloader.AddressPolicy;
import io.vidsift.downloader.AddressRateLimit;
import io.vidsift.downloader.AddressStep;
import io.vidsift.downloader.AllowListedApi;
import io.vidsift.downloader.ApiHosts;
import io.vidsift.downloader.Backoff;
import io.vidsift.downloader.ChunkDownloader;
import io.vidsift.downloader.ContainerKind;
import io.vidsift.downloader.DeviceSlots;
import io.vidsift.downloader.DownloadLedger;
import io.vidsift.downloader.DownloaderMetrics;
import io.vidsift.downloader.JdkHikCloudApi;
import io.vidsift.downloader.Mp4Check;
import io.vidsift.downloader.OutageGate;
import io.vidsift.downloader.Outages;
import io.vidsift.downloader.PinnedHttpTransport;
import io.vidsift.downloader.Secret;
import io.vidsift.downloader.Sleeper;
import io.vidsift.downloader.TargetLeases;
import io.vidsift.downloader.VideoFetcher;
import io.vidsift.simulator.HikCloudSimulator;
import io.vidsift.simulator.ScenarioLoader;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every container a camera or a cloud download delivers, made in the set-up, served by the Hik Cloud simulator over
 * 127.0.0.1 and downloaded by the real {@link ChunkDownloader}: MP4 in any box order and fragmented MP4 are stored
 * as received; MPEG-TS, MPEG-PS and IMKH-prefixed PS are stored as faststart MP4 (not re-encoded), the manifest
 * keeping what was received. What is stored always decodes, H.265 included, and timestamps that reset mid-file
 * come out increasing.
 */
class ContainerDownloadTest {

    private static final long BEGIN = 1_770_080_400L;
    private static final int SECONDS = 12;

    private static Path footage;
    private static Path storage;
    private static HikCloudSimulator simulator;
    private static ChunkDownloader downloader;
    /**
     * Between setbacks of a chunk (the production transient deadline is kept): every file here is served whole from
     * loopback, so any setback is a failure of this test, and an error page must be final at once (corrupt_body).
     */
    private static final Sleeper NO_SETBACK = d -> {
        throw new AssertionError("a chunk had a transient setback; it would wait " + d);
    };

    @BeforeAll
    static void start() throws Exception {
        footage = Files.createTempDirectory("vidsift-containers");
        storage = Files.createTempDirectory("vidsift-storage");
        Footage.write(footage.resolve("faststart.mp4"), "mp4", false, SECONDS, "+faststart");
        Footage.write(footage.resolve("moovlast.mp4"), "mp4", false, SECONDS, null);
        Footage.write(footage.resolve("fragmented.mp4"), "mp4", false, SECONDS, "+frag_keyframe+empty_moov+default_base_moof");
        Footage.write(footage.resolve("hevc.mp4"), "mp4", true, SECONDS, null);
        Footage.write(footage.resolve("h264.ts"), "mpegts", false, SECONDS, null);
        Footage.write(footage.resolve("hevc.ts"), "mpegts", true, SECONDS, null);
        Footage.write(footage.resolve("h264.ps"), "mpeg", false, SECONDS, null);
        Footage.imkh(footage.resolve("h264.ps"), footage.resolve("imkh.mp4"));
        Footage.write(footage.resolve("part.ts"), "mpegts", false, SECONDS / 2, null);
        Footage.concat(footage.resolve("part.ts"), footage.resolve("part.ts"), footage.resolve("reset.ts"));
        Files.writeString(footage.resolve("error.mp4"), "<html><body>AccessDenied</body></html>".repeat(40));

        StringBuilder devices = new StringBuilder();
        for (String name : List.of("faststart.mp4", "moovlast.mp4", "fragmented.mp4", "hevc.mp4", "h264.ts", "hevc.ts", "h264.ps",
                "imkh.mp4", "reset.ts", "error.mp4")) {
            devices.append("  - {device_serial: ").append(serial(name)).append(", channel_no: 1, file: \"")
                    .append(footage.resolve(name)).append("\", recordings: [{begin: ").append(BEGIN).append(", end: ")
                    .append(BEGIN + 3600).append("}]}\n");
        }
        simulator = HikCloudSimulator.start(new ScenarioLoader().parse("""
                token: {static_tokens: [container-token]}
                devices:
                """ + devices));

        Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), () -> 0.5);
        Sleeper noWait = d -> { };
        ApiHosts hosts = ApiHosts.parse(List.of("http://127.0.0.1"));
        AddressStep addresses = new AddressStep(new AllowListedApi(new JdkHikCloudApi(), hosts),
                AccessTokens.fixed(new Secret("container-token")), new AddressRateLimit(0, noWait), 2, backoff, noWait, Set.of());
        StorageLayout layout = new StorageLayout(storage);
        downloader = new ChunkDownloader(layout, new DownloadLedger(layout, new MessageCodec()), addresses,
                new VideoFetcher(2, backoff, noWait, 64 * 1024, new PinnedHttpTransport(AddressPolicy.of("loopback"))),
                new DeviceSlots(0), Clock.systemUTC(), hosts, DownloaderMetrics.none(),
                new Outages(backoff, Clock.systemUTC(), OutageGate.Listener.NONE),
                new TargetLeases("containers", Duration.ofMinutes(1), Clock.systemUTC()), backoff, NO_SETBACK, Duration.ofHours(6));
    }

    @AfterAll
    static void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @ParameterizedTest(name = "{0} is stored as {2} ({1} received)")
    @CsvSource({
            "faststart.mp4, mp4, as received, h264",
            "moovlast.mp4, mp4, as received, h264",
            "fragmented.mp4, fmp4, as received, h264",
            "hevc.mp4, mp4, as received, hevc",
            "h264.ts, mpeg-ts, faststart mp4, h264",
            "hevc.ts, mpeg-ts, faststart mp4, hevc",
            "h264.ps, mpeg-ps, faststart mp4, h264",
            "imkh.mp4, imkh-ps, faststart mp4, h264",
    })
    void everyContainerDownloadsAndIsStoredPlayable(String name, String container, String stored, String codec) throws Exception {
        DownloadRecorded record = downloader.handle(chunk(name)).record();

        assertThat(record.status()).as(record.lastError()).isEqualTo(DownloadStatus.DOWNLOADED);
        assertThat(record.container()).isEqualTo(container);
        Path file = storage.resolve(record.path());
        assertThat(Files.size(file)).isEqualTo(record.bytes());
        if (stored.equals("as received")) {
            assertThat(file).hasSameBinaryContentAs(footage.resolve(name));
        } else {
            assertThat(ContainerKind.sniff(file)).isEqualTo(ContainerKind.MP4);
            assertThat(Mp4Check.verify(file).faststart()).as("moov before mdat").isTrue();
            assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".part") || n.endsWith(".remux"));
        }
        Decoded decoded = decode(file);
        assertThat(decoded.codec).isEqualTo(codec);
        assertThat(decoded.frames).isBetween(SECONDS * Footage.FPS - 2, SECONDS * Footage.FPS);
        assertThat(decoded.increasing).isTrue();
    }

    @Test
    void timestampsThatResetMidFileComeOutIncreasingInTheMp4() throws Exception {
        DownloadRecorded record = downloader.handle(chunk("reset.ts")).record();

        assertThat(record.status()).as(record.lastError()).isEqualTo(DownloadStatus.DOWNLOADED);
        assertThat(record.container()).isEqualTo("mpeg-ts");
        Decoded decoded = decode(storage.resolve(record.path()));
        assertThat(decoded.frames).isBetween(SECONDS * Footage.FPS - 4, SECONDS * Footage.FPS);
        assertThat(decoded.increasing).isTrue();
        // Both parts are on one timeline: the second continues where the first ended.
        assertThat(decoded.lastSeconds).isBetween(SECONDS - 1.0, SECONDS + 1.0);
    }

    @Test
    void anErrorPageIsNotAVideo() throws Exception {
        DownloadRecorded record = downloader.handle(chunk("error.mp4")).record();

        assertThat(record.status()).isEqualTo(DownloadStatus.DOWNLOAD_FAILED);
        assertThat(record.lastError()).startsWith("not a video: starts with '<html>");
        assertThat(record.container()).isNull();
    }

    private record Decoded(String codec, int frames, boolean increasing, double lastSeconds) {
    }

    private static Decoded decode(Path file) throws FrameGrabber.Exception {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        grabber.start();
        try {
            List<Long> stamps = new ArrayList<>();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                stamps.add(frame.timestamp);
            }
            boolean increasing = true;
            for (int i = 1; i < stamps.size(); i++) {
                increasing &= stamps.get(i) > stamps.get(i - 1);
            }
            double last = stamps.isEmpty() ? 0 : (stamps.get(stamps.size() - 1) - stamps.get(0)) / 1e6;
            return new Decoded(grabber.getVideoCodecName(), stamps.size(), increasing, last);
        } finally {
            grabber.release();
        }
    }

    private static String serial(String name) {
        return "CAM_" + name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static ChunkRequested chunk(String name) {
        String serial = serial(name);
        long begin = BEGIN + 600;
        long end = begin + SECONDS;
        String job = "containers";
        return new ChunkRequested(Schema.VERSION, job, Ids.chunkId(job, serial, 1, begin, end),
                new CloudWindow(serial, 1, name, begin, end, null, null), false, simulator.baseUrl(),
                HikCloudConfig.DEFAULT_DOWNLOAD_PATH, HikCloudConfig.DEFAULT_TOKEN_PATH, 10, 60, "out", AnalysisConfig.defaults());
    }
}
