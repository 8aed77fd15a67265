package io.vidsift.common.config;

import java.util.List;

/**
 * {@code analysis}: how videos are sampled, grouped and scored. {@code device} is {@code auto} (the worker's own
 * {@code vidsift.analyzer.device} decides), {@code cpu} or {@code cuda} (the job forces it).
 */
public record AnalysisConfig(
        double sampleFps,
        String sampling,
        int clipSeconds,
        String device,
        String deviceFallback,
        int decoderThreads,
        int maxDurationSeconds,
        boolean saveFrames,
        ModelConfig model,
        List<MaskConfig> masks) {

    public AnalysisConfig {
        masks = masks == null ? List.of() : List.copyOf(masks);
    }

    /** The job leaves the device to the worker that analyses the video. */
    public static final String DEVICE_AUTO = "auto";

    public static AnalysisConfig defaults() {
        return new AnalysisConfig(1.0, "auto", 10, DEVICE_AUTO, "none", 0, 3600, false, ModelConfig.activity(), List.of());
    }
}
