package io.vidsift.analyzer.quarkus;

import ai.onnxruntime.OrtEnvironment;
import io.vidsift.analyzer.frames.FrameSampler;
import io.vidsift.analyzer.inference.DeviceSupport;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.analyzer.probe.VideoProber;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.storage.StorageLayout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;

/** Wires the plain domain classes into CDI; nothing here decides anything. */
@ApplicationScoped
public class AnalyzerBeans {

    @Produces
    @Singleton
    OrtEnvironment ortEnvironment() {
        return OrtEnvironment.getEnvironment();
    }

    @Produces
    @Singleton
    DeviceSupport deviceSupport(OrtEnvironment env) {
        return new DeviceSupport(env);
    }

    @Produces
    @Singleton
    ModelSessions sessions(OrtEnvironment env, AnalyzerSettings settings) {
        return new ModelSessions(env, settings.analyzer().inferenceThreads());
    }

    void closeSessions(@Disposes ModelSessions sessions) {
        sessions.close();
    }

    @Produces
    @Singleton
    VideoAnalyzer analyzer(AnalyzerSettings settings, ModelSessions sessions, DeviceSupport devices, MessageCodec codec,
                           AnalyzerMetrics metrics) {
        return new VideoAnalyzer(new StorageLayout(Path.of(settings.storage().root())), new VideoProber(), new FrameSampler(),
                sessions, devices, codec, Clock.systemUTC(), decodeSegments(settings.analyzer().decodeSegments()), metrics);
    }

    static int decodeSegments(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }
}
