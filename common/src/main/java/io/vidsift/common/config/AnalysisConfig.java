package io.vidsift.common.config;

/** {@code analysis}: how videos are sampled, grouped and scored. */
public record AnalysisConfig(
        double sampleFps,
        String sampling,
        int clipSeconds,
        String device,
        String deviceFallback,
        int decoderThreads,
        int maxDurationSeconds,
        boolean saveFrames,
        ModelConfig model) {

    public static AnalysisConfig defaults() {
        return new AnalysisConfig(1.0, "auto", 10, "cpu", "none", 0, 3600, false, ModelConfig.activity());
    }
}
