package io.vidsift.analyzer;

import ai.onnxruntime.OrtEnvironment;
import io.vidsift.analyzer.frames.FrameSampler;
import io.vidsift.analyzer.inference.CpuBudget;
import io.vidsift.analyzer.inference.DetectionOptions;
import io.vidsift.analyzer.inference.DeviceSupport;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.pipeline.AnalysisMetrics;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.analyzer.probe.VideoProber;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.ModelConfig;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.common.storage.StorageLayout;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The real analyzer over a storage root, and VideoReady messages the way the planner and downloader write them. */
final class Analyzers {

    static final long ACTUAL_BEGIN = 1_764_856_787L;

    private Analyzers() {
    }

    static VideoAnalyzer over(Path root, ModelSessions sessions) {
        return over(root, sessions, 1);
    }

    static VideoAnalyzer over(Path root, ModelSessions sessions, int decodeSegments) {
        return over(root, sessions, decodeSegments, AnalysisMetrics.NONE);
    }

    static VideoAnalyzer over(Path root, ModelSessions sessions, int decodeSegments, AnalysisMetrics metrics) {
        return new VideoAnalyzer(new StorageLayout(root), new VideoProber(), new FrameSampler(), sessions,
                new DeviceSupport(OrtEnvironment.getEnvironment()), new MessageCodec(),
                Clock.fixed(Instant.parse("2026-02-03T01:00:00Z"), ZoneOffset.UTC), decodeSegments, metrics);
    }

    /** With the worker's detector options (activity gate, pipelining) and a fixed CPU budget. */
    static VideoAnalyzer over(Path root, ModelSessions sessions, int decodeSegments, DetectionOptions detection) {
        return new VideoAnalyzer(new StorageLayout(root), new VideoProber(), new FrameSampler(), sessions,
                new DeviceSupport(OrtEnvironment.getEnvironment()), new MessageCodec(),
                Clock.fixed(Instant.parse("2026-02-03T01:00:00Z"), ZoneOffset.UTC), decodeSegments, AnalysisMetrics.NONE,
                detection, new CpuBudget(2, "test"));
    }

    static ModelSessions sessions() {
        return new ModelSessions(OrtEnvironment.getEnvironment(), 2);
    }

    static AnalysisConfig analysis(String sampling) {
        AnalysisConfig d = AnalysisConfig.defaults();
        return new AnalysisConfig(1.0, sampling, 10, "cpu", "none", 0, 3600, false, d.model(), java.util.List.of());
    }

    static AnalysisConfig analysis(String sampling, ModelConfig model) {
        return new AnalysisConfig(1.0, sampling, 10, "cpu", "none", 0, 3600, false, model, java.util.List.of());
    }

    static VideoReady local(String path, AnalysisConfig analysis) {
        return new VideoReady(Schema.VERSION, "job-test", "v-" + path.hashCode(), VideoReady.SOURCE_LOCAL, null, null, path,
                null, null, null, analysis);
    }

    /** A cloud chunk whose API-reported window is {@code seconds} long. */
    static VideoReady cloud(String path, long seconds, AnalysisConfig analysis) {
        CloudWindow window = new CloudWindow("EXAMPLE_DEVICE_SERIAL", 1, "store-front", ACTUAL_BEGIN, ACTUAL_BEGIN + seconds,
                ACTUAL_BEGIN, ACTUAL_BEGIN + seconds);
        return new VideoReady(Schema.VERSION, "job-test", "v-" + path.hashCode(), VideoReady.SOURCE_HIK_CLOUD, "c-1", window, path,
                null, null, null, analysis);
    }
}
