package io.vidsift.analyzer.pipeline;

import ai.onnxruntime.OrtException;
import io.vidsift.analyzer.clips.ClipBuilder;
import io.vidsift.analyzer.frames.DecodeException;
import io.vidsift.analyzer.frames.FrameSampler;
import io.vidsift.analyzer.frames.SampledFrame;
import io.vidsift.analyzer.frames.SamplingMode;
import io.vidsift.analyzer.frames.SamplingPlan;
import io.vidsift.analyzer.frames.SamplingReport;
import io.vidsift.analyzer.frames.SinkException;
import io.vidsift.analyzer.inference.ActivityScorer;
import io.vidsift.analyzer.inference.CpuBudget;
import io.vidsift.analyzer.inference.DetectionOptions;
import io.vidsift.analyzer.inference.DetectorScorer;
import io.vidsift.analyzer.inference.DeviceSupport;
import io.vidsift.analyzer.inference.DeviceUnavailableException;
import io.vidsift.analyzer.inference.FrameScore;
import io.vidsift.analyzer.inference.FrameScorer;
import io.vidsift.analyzer.inference.GatedDetector;
import io.vidsift.analyzer.inference.InferenceDevice;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.inference.RunTimer;
import io.vidsift.analyzer.probe.ProbeOutcome;
import io.vidsift.analyzer.probe.VideoProber;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.ModelConfig;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.ClipSums;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Probe;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.common.storage.ClipFile;
import io.vidsift.common.storage.StorageLayout;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;

/**
 * The analysis of one video, start to finish: probe, sample, score, group into clips. It always returns a
 * VideoAnalyzed, failed ones included, because the aggregator completes a job only when every video has a terminal
 * record; a bad file must never become a stuck or dead-lettered message.
 */
public final class VideoAnalyzer {

    private static final Logger LOG = Logger.getLogger(VideoAnalyzer.class);

    private final StorageLayout storage;
    private final VideoProber prober;
    private final FrameSampler sampler;
    private final ModelSessions sessions;
    private final DeviceSupport devices;
    private final MessageCodec codec;
    private final Clock clock;
    private final int decodeSegments;
    private final AnalysisMetrics metrics;
    private final DetectionOptions detection;
    private final CpuBudget cpus;

    /** Segments shorter than this are not worth a decoder of their own (each seek re-decodes up to a GOP). */
    static final double MIN_SEGMENT_SECONDS = 30;

    public VideoAnalyzer(StorageLayout storage, VideoProber prober, FrameSampler sampler, ModelSessions sessions,
                         DeviceSupport devices, MessageCodec codec, Clock clock) {
        this(storage, prober, sampler, sessions, devices, codec, clock, 1);
    }

    /**
     * @param decodeSegments how many parts of an exact-mode video are decoded in parallel (1 = one decoder); used
     *                       only when the file's duration agrees with the expected one, since seeking into a file
     *                       with broken timestamps lands anywhere
     */
    public VideoAnalyzer(StorageLayout storage, VideoProber prober, FrameSampler sampler, ModelSessions sessions,
                         DeviceSupport devices, MessageCodec codec, Clock clock, int decodeSegments) {
        this(storage, prober, sampler, sessions, devices, codec, clock, decodeSegments, AnalysisMetrics.NONE);
    }

    /** @param metrics told about every sampled frame, every inference batch and every finished video */
    public VideoAnalyzer(StorageLayout storage, VideoProber prober, FrameSampler sampler, ModelSessions sessions,
                         DeviceSupport devices, MessageCodec codec, Clock clock, int decodeSegments, AnalysisMetrics metrics) {
        this(storage, prober, sampler, sessions, devices, codec, clock, decodeSegments, metrics, DetectionOptions.PLAIN,
                CpuBudget.detect(0));
    }

    /**
     * @param detection the activity gate and decode/inference pipelining for detector jobs
     * @param cpus      sizes FFmpeg's decoder threads when the job leaves {@code decoder_threads} at 0
     */
    public VideoAnalyzer(StorageLayout storage, VideoProber prober, FrameSampler sampler, ModelSessions sessions,
                         DeviceSupport devices, MessageCodec codec, Clock clock, int decodeSegments, AnalysisMetrics metrics,
                         DetectionOptions detection, CpuBudget cpus) {
        this.detection = detection;
        this.cpus = cpus;
        this.metrics = metrics;
        this.decodeSegments = Math.max(1, decodeSegments);
        this.storage = storage;
        this.prober = prober;
        this.sampler = sampler;
        this.sessions = sessions;
        this.devices = devices;
        this.codec = codec;
        this.clock = clock;
    }

    public VideoAnalyzed analyze(VideoReady video) {
        Run run = new Run(video, AnalysisSettings.of(video.analysis()).config());
        long t0 = System.nanoTime();
        VideoAnalyzed result = null;
        try {
            result = run.execute();
            return result;
        } finally {
            long nanos = System.nanoTime() - t0;
            run.timings.put("total", nanos / 1_000_000);
            if (result != null) {
                // Only videos that get a VideoAnalyzed; an exception here means no record is emitted (the record is nacked).
                metrics.analyzed(result.status(), nanos);
            }
        }
    }

    /**
     * The final record of a video whose outputs could not be written for longer than the storage deadline
     * ({@link StorageRetry}): {@code inference_failed} with the storage's cause, so that its job can complete.
     */
    public VideoAnalyzed storageFailed(VideoReady video, String error) {
        VideoAnalyzed result = new Run(video, AnalysisSettings.of(video.analysis()).config())
                .done(AnalysisStatus.INFERENCE_FAILED, error, List.of());
        metrics.analyzed(result.status(), 0);
        return result;
    }

    /** The state of one analysis; a fresh one per video so nothing leaks from one video into the next. */
    private final class Run {
        final VideoReady video;
        final AnalysisConfig analysis;
        final Map<String, Long> timings = new LinkedHashMap<>();
        Probe probe;
        SamplingReport report;
        String samplingMode;
        InferenceDevice device;

        Run(VideoReady video, AnalysisConfig analysis) {
            this.video = video;
            this.analysis = analysis;
            this.samplingMode = SamplingMode.parse(analysis.sampling()).key();
        }

        VideoAnalyzed execute() {
            Path file;
            try {
                file = storage.resolve(video.path());
            } catch (IllegalArgumentException | NullPointerException e) {
                return done(AnalysisStatus.PROBE_FAILED, "path " + e.getMessage(), List.of());
            }
            long t = System.nanoTime();
            ProbeOutcome outcome = prober.probe(file);
            timings.put("probe", elapsed(t));
            if (!outcome.ok()) {
                return done(AnalysisStatus.PROBE_FAILED, outcome.failure(), List.of());
            }
            probe = outcome.probe();

            try {
                device = devices.resolve(InferenceDevice.parse(analysis.device()), analysis.deviceFallback());
            } catch (DeviceUnavailableException | IllegalArgumentException e) {
                return done(AnalysisStatus.INFERENCE_FAILED, e.getMessage(), List.of());
            }
            double sampleFps = analysis.sampleFps();
            double expected = expectedSeconds(video.window(), probe, analysis.maxDurationSeconds());
            SamplingMode mode = SamplingMode.parse(analysis.sampling()).resolve(outcome.gopSeconds(), sampleFps);
            samplingMode = mode.key();
            // MPEG-PS/TS have no index: a seek there is a bisection over byte positions by timestamp, slow and lost
            // after a timestamp reset, so such files are decoded forward in one piece (the downloader remuxes them).
            boolean indexed = indexed(probe.container());
            int segments = indexed ? segments(mode, expected, probe) : 1;
            SamplingPlan plan = new SamplingPlan(mode, sampleFps, expected, SamplingPlan.cap(expected, sampleFps),
                    probe.startTimeSeconds() == null ? 0 : probe.startTimeSeconds(), probe.fps(),
                    indexed ? outcome.gopSeconds() : null, decoderThreads(analysis.decoderThreads(), segments),
                    hardwareDecoder(device, probe.codec()), segments);

            List<FrameScorer> scorers = new ArrayList<>();
            List<FrameArchive> archives = new ArrayList<>();
            RunTimer runTimer = metrics.inference(device);
            t = System.nanoTime();
            try {
                for (int k = 0; k < segments; k++) {
                    scorers.add(scorer(analysis.model(), device, runTimer, segments));
                }
            } catch (OrtException | RuntimeException e) {
                close(scorers, archives);
                return done(AnalysisStatus.INFERENCE_FAILED, "cannot load model " + analysis.model().name() + ": " + e.getMessage(), List.of());
            } finally {
                timings.put("model_load", elapsed(t));
            }
            t = System.nanoTime();
            // The first scorer failure of any segment: the one to report, and the signal for the others to stop.
            java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
            try {
                for (int k = 0; analysis.saveFrames() && k < segments; k++) {
                    archives.add(new FrameArchive(outputDir().resolve("frames").resolve(video.videoId())));
                }
                report = sampler.sampleSegments(file, plan, k -> {
                    // One per segment: a mask caches its row spans per picture size and runs on its segment's thread.
                    FrameMask mask = FrameMask.of(analysis.masks(), video.window());
                    return frame -> {
                        if (failure.get() != null) {
                            // Another segment's scorer failed: stop this decoder at its next frame instead of decoding on.
                            throw new IllegalStateException("stopped: another decode segment failed");
                        }
                        SampledFrame scored = mask == null ? frame : mask.apply(frame, video.videoId());
                        try {
                            scorers.get(k).accept(scored);
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                            throw e;
                        } finally {
                            FrameMask.release(frame, scored);
                        }
                        if (frame.predecessor()) {
                            return; // scored only as the next frame's predecessor; the previous segment reports it
                        }
                        metrics.frameSampled();
                        if (!archives.isEmpty()) {
                            archives.get(k).save(frame);
                        }
                    };
                });
                if (report.reanchored() > 0 || report.corrupt() > 0) {
                    LOG.infof("video %s: %d timestamp resets/jumps re-anchored, %d corrupt frames skipped",
                            video.videoId(), report.reanchored(), report.corrupt());
                }
                List<FrameScore> scores = new ArrayList<>();
                long preprocess = 0;
                long inference = 0;
                for (FrameScorer scorer : scorers) {
                    scores.addAll(scorer.finish());
                    preprocess += scorer.preprocessNanos() / 1_000_000;
                    inference += scorer.inferenceNanos() / 1_000_000;
                }
                scores = inTimelineOrder(scores);
                long total = elapsed(t);
                // Segments score in parallel: their summed model time overlaps the decoding wall time.
                timings.put("decode", Math.max(0, total - (preprocess + inference) / segments));
                timings.put("preprocess", preprocess);
                timings.put("inference", inference);
                timings.put("segments", (long) segments);
                double duration = clipTimeline(expected, probe, scores, sampleFps);
                Long wallBegin = video.window() == null ? null : video.window().actualBegin();
                List<ClipResult> clips = new ClipBuilder(analysis.clipSeconds(), wallBegin).build(scores, duration);
                writeFrameLog(scores, wallBegin);
                clips = thumbnails(file, clips);
                return done(AnalysisStatus.ANALYZED, null, clips);
            } catch (DecodeException e) {
                return done(AnalysisStatus.DECODE_FAILED, e.getMessage(), List.of());
            } catch (SinkException e) {
                return done(AnalysisStatus.INFERENCE_FAILED, failure.get() != null ? message(failure.get()) : e.getMessage(), List.of());
            } catch (StorageFault e) {
                throw e; // the storage's state, not the video's: never recorded as its result
            } catch (Exception e) {
                return done(AnalysisStatus.INFERENCE_FAILED, e.getMessage() == null ? e.toString() : e.getMessage(), List.of());
            } finally {
                close(scorers, archives);
            }
        }

        int segments(SamplingMode mode, double expected, Probe probe) {
            if (mode != SamplingMode.EXACT || decodeSegments == 1 || probe.durationSeconds() == null
                    || Math.abs(probe.durationSeconds() - expected) > Math.max(5, 0.1 * expected)) {
                return 1;
            }
            return (int) Math.max(1, Math.min(decodeSegments, Math.floor(expected / MIN_SEGMENT_SECONDS)));
        }

        FrameScorer scorer(ModelConfig model, InferenceDevice device, RunTimer runTimer, int segments) throws OrtException {
            if (ModelConfig.DETECTOR.equals(model.name())) {
                if (model.path() == null) {
                    throw new OrtException("analysis.model.path is required for the detector model");
                }
                Path path = Path.of(model.path());
                Path resolved = path.isAbsolute() ? path : storage.resolve(model.path());
                DetectorScorer detector = new DetectorScorer(sessions.environment(), sessions.file(resolved, device), model, runTimer,
                        detection.pipelineDepth());
                if (!detection.gated()) {
                    return detector;
                }
                // The gate's activity runs stay out of the inference timer: it times the detector's batches.
                return new GatedDetector(new ActivityScorer(sessions.environment(), sessions.activity(device),
                        ModelConfig.activity().batchSize()), detector, analysis.clipSeconds(), detection);
            }
            return new ActivityScorer(sessions.environment(), sessions.activity(device), model.batchSize(), runTimer);
        }

        Path outputDir() {
            String dir = video.outputDir() == null || video.outputDir().isBlank() ? "." : video.outputDir();
            Path p = Path.of(dir);
            return p.isAbsolute() ? p : storage.resolve(dir);
        }

        void writeFrameLog(List<FrameScore> scores, Long wallBegin) {
            if (video.outputDir() == null || video.outputDir().isBlank()) {
                return;
            }
            Path file = outputDir().resolve("analysis").resolve(video.videoId() + ".frames.jsonl");
            try {
                new FrameLog(codec).write(file, scores, wallBegin);
            } catch (java.io.IOException e) {
                // Part of the job's output next to the clip rows: a full disk must not drop it silently; the video waits.
                throw new StorageFault("video " + video.videoId() + ": cannot write per-frame results to " + file, e);
            }
        }

        /** JPEGs of the active clips' peak frames next to the per-frame file, when it lies under the storage root. */
        List<ClipResult> thumbnails(Path file, List<ClipResult> clips) {
            if (video.outputDir() == null || video.outputDir().isBlank()) {
                return clips;
            }
            if (report.reanchored() > 0) {
                LOG.infof("video %s: timestamps were re-anchored, offsets do not map to the file: no thumbnails", video.videoId());
                return clips;
            }
            Path dir = outputDir().resolve("analysis");
            try {
                storage.relativize(dir);
            } catch (IllegalArgumentException outsideRoot) {
                return clips;
            }
            long t = System.nanoTime();
            List<ClipResult> withThumbnails = PeakThumbnails.write(file, clips, dir, video.videoId(), storage::relativize);
            timings.put("thumbnails", elapsed(t));
            return withThumbnails;
        }

        VideoAnalyzed done(AnalysisStatus status, String error, List<ClipResult> clips) {
            if (status.failed()) {
                LOG.warnf("video %s (%s): %s: %s", video.videoId(), video.path(), status.key(), error);
            }
            String clipsPath = writeClips(clips);
            return new VideoAnalyzed(Schema.VERSION, video.jobId(), video.videoId(), video.chunkId(), video.source(),
                    video.window(), video.path(), probe, samplingMode,
                    report == null ? 0 : round(report.effectiveFps()),
                    report == null ? 0 : report.sampled(), report == null ? 0 : report.dropped(),
                    clipsPath == null ? clips : null, analysis.model().name(),
                    device == null ? devices.named(analysis.device()) : device.key(),
                    timings, status, error, clock.instant().toString(), clips.size(), clipsPath,
                    report == null ? 0 : report.reanchored(), report == null ? 0 : report.corrupt(),
                    clipsPath == null ? null : ClipSums.of(video.window(), clips));
        }

        /**
         * Writes the clip rows next to the per-frame file and answers the file's storage-relative path, or null when
         * there is nothing to write or nowhere under the storage root to write it (the rows then ride in the record,
         * as in schema 1). A failed write is not a property of the video: a {@link StorageFault}, never recorded as a result.
         */
        String writeClips(List<ClipResult> clips) {
            if (clips.isEmpty() || video.outputDir() == null || video.outputDir().isBlank()) {
                return null;
            }
            Path file = ClipFile.under(outputDir(), video.videoId());
            String relative;
            try {
                relative = storage.relativize(file);
            } catch (IllegalArgumentException outsideRoot) {
                return null;
            }
            try {
                new ClipFile(codec).write(file, clips);
            } catch (java.io.IOException e) {
                throw new StorageFault("video " + video.videoId() + ": cannot write clip rows to " + file, e);
            }
            return relative;
        }
    }

    private static void close(List<FrameScorer> scorers, List<FrameArchive> archives) {
        archives.forEach(FrameArchive::close);
        for (FrameScorer scorer : scorers) {
            if (scorer instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // Scorers only free native buffers.
                }
            }
        }
    }

    /** Segments' scores merged into one timeline without their predecessor samples, renumbered 0..n-1. */
    private static List<FrameScore> inTimelineOrder(List<FrameScore> scores) {
        List<FrameScore> sorted = new ArrayList<>(scores);
        sorted.removeIf(f -> f.index() == SampledFrame.PREDECESSOR);
        sorted.sort(java.util.Comparator.comparingDouble(FrameScore::offsetSeconds));
        List<FrameScore> renumbered = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            FrameScore f = sorted.get(i);
            renumbered.add(new FrameScore(i, f.offsetSeconds(), f.activity(), f.grid(), f.counts(), f.boxes()));
        }
        return renumbered;
    }

    /** The duration the sampling cap is computed from: the cloud window, else the probe, never above the configured maximum. */
    static double expectedSeconds(CloudWindow window, Probe probe, int maxDurationSeconds) {
        if (window != null && window.actualBegin() != null && window.actualEnd() != null && window.actualEnd() > window.actualBegin()) {
            return Math.min(window.actualEnd() - window.actualBegin(), maxDurationSeconds);
        }
        if (probe != null && probe.durationSeconds() != null && probe.durationSeconds() > 0) {
            return Math.min(probe.durationSeconds(), maxDurationSeconds);
        }
        return maxDurationSeconds;
    }

    /** Clips cover what the file really holds, never more than the expected duration (broken files claim hours). */
    private static double clipTimeline(double expected, Probe probe, List<FrameScore> scores, double sampleFps) {
        double lastFrame = scores.isEmpty() ? 0 : scores.get(scores.size() - 1).offsetSeconds() + 1.0 / sampleFps;
        double probed = probe.durationSeconds() == null ? 0 : probe.durationSeconds();
        return Math.min(expected, Math.max(probed, lastFrame));
    }

    /** Containers with a sample index (MP4/MOV, Matroska), where seeking to a key frame is a lookup. */
    static boolean indexed(String container) {
        return container != null && (container.contains("mp4") || container.contains("mov") || container.contains("matroska"));
    }

    /** The job's decoder_threads, else the CPU budget shared among the segments decoding in parallel. */
    private int decoderThreads(int configured, int segments) {
        return configured > 0 ? configured : Math.max(1, cpus.cpus() / Math.max(1, segments));
    }

    /** NVDEC through FFmpeg's cuvid decoders, when this FFmpeg build has one for the codec. */
    private static String hardwareDecoder(InferenceDevice device, String codec) {
        if (device != InferenceDevice.CUDA || codec == null) {
            return null;
        }
        String name = codec + "_cuvid";
        return avcodec_find_decoder_by_name(name) == null ? null : name;
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
