package io.vidsift.analyzer.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The worker's own settings (the job's analysis settings travel in each VideoReady). */
@ConfigMapping(prefix = "vidsift")
public interface AnalyzerSettings {

    Storage storage();

    Analyzer analyzer();

    interface Storage {
        /** The shared storage root that VideoReady paths are relative to. */
        String root();
    }

    interface Analyzer {
        /**
         * The device this worker is deployed for. {@code cuda} is checked at start-up: without a usable CUDA
         * provider the service refuses to start unless {@code device-fallback} is {@code cpu}.
         */
        @WithDefault("cpu")
        String device();

        @WithName("device-fallback")
        @WithDefault("none")
        String deviceFallback();

        /**
         * Parts of an exact-mode video decoded in parallel; 0 = one per core. Skipping non-reference frames makes
         * FFmpeg's H.264 decoder single-threaded, so this is what uses the other cores.
         */
        @WithName("decode-segments")
        @WithDefault("0")
        int decodeSegments();

        /** ONNX Runtime intra-op threads per session; 0 = all cores. */
        @WithName("inference-threads")
        @WithDefault("0")
        int inferenceThreads();
    }
}
