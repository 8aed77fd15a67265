package io.vidsift.analyzer.quarkus;

import ai.onnxruntime.OrtEnvironment;
import io.vidsift.analyzer.frames.FrameSampler;
import io.vidsift.analyzer.inference.CpuBudget;
import io.vidsift.analyzer.inference.DetectionOptions;
import io.vidsift.analyzer.inference.DeviceSupport;
import io.vidsift.analyzer.inference.InferenceDevice;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.pipeline.AnalysisCache;
import io.vidsift.analyzer.pipeline.StorageRetry;
import io.vidsift.analyzer.pipeline.AnalysisKey;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.analyzer.probe.VideoProber;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.storage.StorageLayout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Wires the plain domain classes into CDI; nothing here decides anything. */
@ApplicationScoped
public class AnalyzerBeans {

    private static final Logger LOG = Logger.getLogger(AnalyzerBeans.class);

    @Produces
    @Singleton
    OrtEnvironment ortEnvironment() {
        return OrtEnvironment.getEnvironment();
    }

    @Produces
    @Singleton
    CpuBudget cpuBudget(AnalyzerSettings settings) {
        CpuBudget budget = CpuBudget.detect(settings.analyzer().cpus());
        LOG.infof("CPU budget: %d (%s)", budget.cpus(), budget.source());
        return budget;
    }

    /** Jobs that leave the device at auto get this worker's device; DeviceCheck refuses to start on a bad one. */
    @Produces
    @Singleton
    DeviceSupport deviceSupport(OrtEnvironment env, AnalyzerSettings settings) {
        InferenceDevice worker;
        try {
            worker = InferenceDevice.parse(settings.analyzer().device());
        } catch (IllegalArgumentException e) {
            worker = InferenceDevice.CPU;
        }
        return new DeviceSupport(env, worker == InferenceDevice.AUTO ? InferenceDevice.CPU : worker, settings.analyzer().deviceFallback());
    }

    @Produces
    @Singleton
    ModelSessions sessions(OrtEnvironment env, AnalyzerSettings settings, CpuBudget cpus) {
        return new ModelSessions(env, cpus.or(settings.analyzer().inferenceThreads()));
    }

    @Produces
    @Singleton
    DetectionOptions detectionOptions(AnalyzerSettings settings) {
        AnalyzerSettings.Gate gate = settings.analyzer().detectorGate();
        return new DetectionOptions(gate.activity(), gate.marginSeconds(), settings.analyzer().pipelineDepth());
    }

    void closeSessions(@Disposes ModelSessions sessions) {
        sessions.close();
    }

    @Produces
    @Singleton
    VideoAnalyzer analyzer(AnalyzerSettings settings, ModelSessions sessions, DeviceSupport devices, MessageCodec codec,
                           AnalyzerMetrics metrics, DetectionOptions detection, CpuBudget cpus) {
        return new VideoAnalyzer(new StorageLayout(Path.of(settings.storage().root())), new VideoProber(), new FrameSampler(),
                sessions, devices, codec, Clock.systemUTC(), cpus.or(settings.analyzer().decodeSegments()), metrics, detection, cpus);
    }

    /** Videos whose outputs cannot be written wait for the storage instead of being recorded as failed. */
    @Produces
    @Singleton
    StorageRetry storageRetry(AnalyzerSettings settings, AnalyzerMetrics metrics) {
        return new StorageRetry(Duration.ofSeconds(1), settings.analyzer().storageBackoffMax(), settings.analyzer().storageDeadline(),
                Clock.systemUTC(), delay -> Thread.sleep(delay.toMillis()), metrics::storageSetback);
    }

    @Produces
    @Singleton
    AnalysisCache analysisCache(AnalyzerSettings settings, MessageCodec codec, CpuBudget cpus, DetectionOptions detection) {
        StorageLayout storage = new StorageLayout(Path.of(settings.storage().root()));
        // What of this worker's own settings changes a result: see AnalysisKey.
        String worker = "segments=" + cpus.or(settings.analyzer().decodeSegments()) + " device=" + settings.analyzer().device()
                + " fallback=" + settings.analyzer().deviceFallback() + " " + detection;
        return settings.analyzer().cacheDir().filter(dir -> !dir.isBlank())
                .map(dir -> new AnalysisCache(Path.of(dir), new AnalysisKey(storage, codec, AnalysisKey.worker(VideoAnalyzer.class, worker)),
                        storage, codec, Clock.systemUTC()))
                .orElseGet(() -> AnalysisCache.off(storage, codec));
    }
}
