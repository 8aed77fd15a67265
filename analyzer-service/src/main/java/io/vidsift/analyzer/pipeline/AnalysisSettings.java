package io.vidsift.analyzer.pipeline;

import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.ModelConfig;

/**
 * The job's analysis settings with every gap filled from the defaults: a VideoReady written by an older or
 * hand-made producer may lack fields, which JSON reads as zeros and nulls.
 */
record AnalysisSettings(AnalysisConfig config) {

    static AnalysisSettings of(AnalysisConfig given) {
        AnalysisConfig d = AnalysisConfig.defaults();
        if (given == null) {
            return new AnalysisSettings(d);
        }
        ModelConfig model = given.model() == null || given.model().name() == null ? d.model() : given.model();
        return new AnalysisSettings(new AnalysisConfig(
                given.sampleFps() > 0 ? given.sampleFps() : d.sampleFps(),
                given.sampling() == null ? d.sampling() : given.sampling(),
                given.clipSeconds() > 0 ? given.clipSeconds() : d.clipSeconds(),
                given.device() == null ? d.device() : given.device(),
                given.deviceFallback() == null ? d.deviceFallback() : given.deviceFallback(),
                Math.max(0, given.decoderThreads()),
                given.maxDurationSeconds() > 0 ? given.maxDurationSeconds() : d.maxDurationSeconds(),
                given.saveFrames(),
                model, given.masks()));
    }
}
