package io.vidsift.downloader;

import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.storage.StorageLayout;
import io.vidsift.simulator.video.SyntheticVideo;
import io.vidsift.simulator.video.VideoSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Plain-test wiring of a {@link ChunkDownloader}: a scripted API, a clock that moves only when the code waits. */
final class TestChunks {

    static final String API_BASE = "https://api.example.com";
    /**
     * Downloads in these tests come from a plain-http server on 127.0.0.1: the policies must allow both, as an
     * operator would (the API's entry names http://, loopback is listed), or every link would be refused.
     */
    static final DownloadTransport LOOPBACK = new PinnedHttpTransport(AddressPolicy.of("loopback"));

    /** A clock that the (recording) sleeper advances: deadlines pass without the test waiting for them. */
    static final class SteppingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-02-03T01:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        synchronized void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** Counts setbacks by cause; a hook sees each as it happens. */
    static final class Recorded implements DownloaderMetrics {
        final List<FailureCause> setbacks = Collections.synchronizedList(new ArrayList<>());
        volatile Consumer<FailureCause> onSetback = c -> { };

        @Override
        public void chunk(io.vidsift.common.messages.DownloadStatus status) {
        }

        @Override
        public void written(long bytes) {
        }

        @Override
        public void downloaded(Duration took) {
        }

        @Override
        public void setback(FailureCause cause) {
            setbacks.add(cause);
            onSetback.accept(cause);
        }
    }

    /** Hears the gates. */
    static final class GateEvents implements OutageGate.Listener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void closed(OutageGate.Outage outage) {
            events.add("closed " + outage.cause().key() + ": " + outage.detail());
        }

        @Override
        public void opened(OutageGate.Outage outage) {
            events.add("opened");
        }
    }

    final SteppingClock clock = new SteppingClock();
    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    /** Each wait moves the clock at least this far: lets a test cross an hours-long deadline in a few rounds. */
    volatile Duration minStep = Duration.ZERO;
    final Sleeper sleeper = d -> {
        waits.add(d);
        clock.advance(d.compareTo(minStep) < 0 ? minStep : d);
    };
    /** Tiny real delays for the gates (they wait on real time), none for the recorded waits. */
    final Backoff backoff = new Backoff(Duration.ofMillis(2), Duration.ofMillis(10), () -> 0.5);
    final Recorded metrics = new Recorded();
    final GateEvents gates = new GateEvents();
    final Outages outages = new Outages(backoff, clock, gates);

    ChunkDownloader downloader(HikCloudApi api, AccessTokens tokens, Path storage, Duration deadline) {
        StorageLayout layout = new StorageLayout(storage);
        return new ChunkDownloader(layout, new DownloadLedger(layout, new MessageCodec()),
                new AddressStep(api, tokens, new AddressRateLimit(0, sleeper), 4, backoff, sleeper, Set.of("10029")),
                new VideoFetcher(4, backoff, sleeper, 4096, LOOPBACK), new DeviceSlots(2), clock, ApiHosts.of("http://api.example.com"), metrics,
                outages, new TargetLeases("test", Duration.ofMinutes(1), Clock.systemUTC()), backoff, sleeper, deadline);
    }

    static ChunkRequested chunk(String job, boolean dryRun) {
        return new ChunkRequested(1, job, "chunk-" + job, new CloudWindow("CAM", 1, "cam", 1_770_080_400L, 1_770_080_700L, null, null),
                dryRun, API_BASE, HikCloudConfig.DEFAULT_DOWNLOAD_PATH, HikCloudConfig.DEFAULT_TOKEN_PATH, 5, 30, "out",
                AnalysisConfig.defaults());
    }

    private static final Map<Integer, byte[]> VIDEOS = new ConcurrentHashMap<>();

    /**
     * A real short H.264 MP4 ({@link SyntheticVideo}): the container check reads it to the end and decodes its last
     * GOP, so no hand-made box structure passes. Each {@code version} moves its square at another speed: other bytes.
     */
    static byte[] mp4(int version) {
        return VIDEOS.computeIfAbsent(version, v -> {
            try {
                Path file = Files.createTempFile("vidsift-test-video", ".mp4");
                try {
                    new SyntheticVideo(new VideoSettings(64, 48, 2, 5, 16, 8 * v, 3, 2, 0)).write(file, 20, false);
                    return Files.readAllBytes(file);
                } finally {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).clone();
    }
}
