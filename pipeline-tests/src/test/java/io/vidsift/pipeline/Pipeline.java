package io.vidsift.pipeline;

import ai.onnxruntime.OrtEnvironment;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.aggregator.output.ClipFiles;
import io.vidsift.aggregator.output.JobFiles;
import io.vidsift.analyzer.frames.FrameSampler;
import io.vidsift.analyzer.inference.DeviceSupport;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.analyzer.probe.VideoProber;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.Device;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.config.SourceMode;
import io.vidsift.common.config.TimeRange;
import io.vidsift.common.events.EventDetector;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.storage.StorageLayout;
import io.vidsift.downloader.AccessTokens;
import io.vidsift.downloader.AddressPolicy;
import io.vidsift.downloader.AddressRateLimit;
import io.vidsift.downloader.AddressStep;
import io.vidsift.downloader.AllowListedApi;
import io.vidsift.downloader.ApiHosts;
import io.vidsift.downloader.Backoff;
import io.vidsift.downloader.ChunkDownloader;
import io.vidsift.downloader.ChunkOutcome;
import io.vidsift.downloader.DeviceSlots;
import io.vidsift.downloader.DownloadLedger;
import io.vidsift.downloader.DownloaderMetrics;
import io.vidsift.downloader.JdkHikCloudApi;
import io.vidsift.downloader.OutageGate;
import io.vidsift.downloader.Outages;
import io.vidsift.downloader.PinnedHttpTransport;
import io.vidsift.downloader.Secret;
import io.vidsift.downloader.Sleeper;
import io.vidsift.downloader.TargetLeases;
import io.vidsift.downloader.VideoFetcher;
import io.vidsift.simulator.HikCloudSimulator;
import io.vidsift.simulator.ScenarioLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The services' own code wired as their shells wire it, over one storage root and without Kafka: the Hik Cloud
 * simulator serves each camera's file over 127.0.0.1, the real {@link ChunkDownloader} requests its address, downloads
 * and checks (and remuxes) it; the real {@link VideoAnalyzer} (FFmpeg, ONNX Runtime, the generated activity model)
 * analyses the VideoReady the downloader answered; the aggregator's fold and {@link JobFiles} turn the
 * messages into the job's files. Each test class opens one and closes it.
 */
final class Pipeline implements AutoCloseable {

    /** 2026-02-03 09:00:00 Asia/Shanghai; each camera has a recording from here for an hour. */
    static final long BEGIN = 1_770_080_400L;
    static final String OUTPUT = "out";
    private static final String TOKEN = "pipeline-token";
    /** Files are served whole from loopback: any transient setback is a failure of the test, not a wait. */
    private static final Sleeper NO_SETBACK = d -> {
        throw new AssertionError("a chunk had a transient setback; it would wait " + d);
    };

    final Path storage;
    private final String jobId;
    private final HikCloudSimulator simulator;
    private final ChunkDownloader downloader;
    private final ModelSessions sessions;
    private final VideoAnalyzer analyzer;
    private final MessageCodec codec = new MessageCodec();

    /** @param cameras each camera's serial and the file the simulator serves for it */
    Pipeline(String jobId, Path storage, Map<String, Path> cameras) {
        this.jobId = jobId;
        this.storage = storage;
        StringBuilder devices = new StringBuilder();
        cameras.forEach((serial, file) -> devices.append("  - {device_serial: ").append(serial)
                .append(", channel_no: 1, file: \"").append(file).append("\", recordings: [{begin: ").append(BEGIN)
                .append(", end: ").append(BEGIN + 3600).append("}]}\n"));
        simulator = HikCloudSimulator.start(new ScenarioLoader().parse("token: {static_tokens: [" + TOKEN + "]}\ndevices:\n" + devices));

        Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), () -> 0.5);
        Sleeper noWait = d -> { };
        ApiHosts hosts = ApiHosts.parse(List.of("http://127.0.0.1"));
        AddressStep addresses = new AddressStep(new AllowListedApi(new JdkHikCloudApi(), hosts),
                AccessTokens.fixed(new Secret(TOKEN)), new AddressRateLimit(0, noWait), 2, backoff, noWait, Set.of());
        StorageLayout layout = new StorageLayout(storage);
        downloader = new ChunkDownloader(layout, new DownloadLedger(layout, codec), addresses,
                new VideoFetcher(2, backoff, noWait, 64 * 1024, new PinnedHttpTransport(AddressPolicy.of("loopback"))),
                new DeviceSlots(0), Clock.systemUTC(), hosts, DownloaderMetrics.none(),
                new Outages(backoff, Clock.systemUTC(), OutageGate.Listener.NONE),
                new TargetLeases(jobId, Duration.ofMinutes(1), Clock.systemUTC()), backoff, NO_SETBACK, Duration.ofHours(6));

        sessions = new ModelSessions(OrtEnvironment.getEnvironment(), 2);
        analyzer = new VideoAnalyzer(layout, new VideoProber(), new FrameSampler(), sessions,
                new DeviceSupport(OrtEnvironment.getEnvironment()), codec, Clock.systemUTC(), 1);
    }

    /** The whole chunk the planner would request for {@code serial}: {@code seconds} from ten minutes in. */
    ChunkRequested chunk(String serial, int seconds, AnalysisConfig analysis) {
        long begin = BEGIN + 600;
        long end = begin + seconds;
        return new ChunkRequested(Schema.VERSION, jobId, Ids.chunkId(jobId, serial, 1, begin, end),
                new CloudWindow(serial, 1, serial.toLowerCase(), begin, end, null, null), false, simulator.baseUrl(),
                HikCloudConfig.DEFAULT_DOWNLOAD_PATH, HikCloudConfig.DEFAULT_TOKEN_PATH, 10, 60, OUTPUT, analysis);
    }

    ChunkOutcome download(ChunkRequested chunk) throws InterruptedException {
        return downloader.handle(chunk);
    }

    VideoAnalyzed analyze(ChunkOutcome downloaded) {
        return analyzer.analyze(downloaded.video().orElseThrow(() -> new AssertionError("no video: " + downloaded.record())));
    }

    /** The plan the planner publishes for these cameras' chunks. */
    JobPlanned plan(List<String> serials, int seconds, AnalysisConfig analysis) {
        List<Device> devices = serials.stream().map(s -> new Device(s, 1, s.toLowerCase())).toList();
        HikCloudConfig hik = new HikCloudConfig(simulator.baseUrl(), HikCloudConfig.DEFAULT_DOWNLOAD_PATH,
                HikCloudConfig.DEFAULT_TOKEN_PATH, HikCloudConfig.DEFAULT_ACCESS_TOKEN_ENV, null, null, seconds, 60, 600,
                devices, List.of(new TimeRange(BEGIN + 600, BEGIN + 600 + seconds)));
        JobConfig config = new JobConfig(jobId, false, SourceMode.HIK_CLOUD, null, hik, JobConfig.DEFAULT_TIMEZONE, OUTPUT,
                storage.toString(), analysis);
        return JobPlanned.of(jobId, "2026-02-03T01:00:00Z", config, devices.size(), 1, devices.size(), 0);
    }

    /**
     * Folds the job's messages as the aggregator's topology does ({@link Folded}), and writes its files into
     * {@code dir} as the aggregator's writer does: clip rows and thumbnails read from the storage root.
     */
    Path writeJobFiles(List<AggregatorEvent> events, Path dir) throws IOException {
        ClipFiles clipFiles = new ClipFiles(storage, codec);
        Folded folded = Folded.of(events, clipFiles);
        new JobFiles(clipFiles, EventDetector.Settings.defaults(), clipFiles::thumbnail).write(folded.tables(), folded.totals(jobId), dir);
        return dir;
    }

    @Override
    public void close() {
        sessions.close();
        simulator.close();
    }
}
