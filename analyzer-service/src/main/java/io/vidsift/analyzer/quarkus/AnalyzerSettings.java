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

        /** ONNX Runtime intra-op threads per session; 0 = the CPU budget ({@link #cpus()}). */
        @WithName("inference-threads")
        @WithDefault("0")
        int inferenceThreads();

        /**
         * Where finished analyses are kept for reuse (pipeline/AnalysisCache); unset = no cache. Shared storage
         * lets replicas share it.
         */
        @WithName("cache-dir")
        java.util.Optional<String> cacheDir();

        /**
         * CPUs this worker may use, sizing decode segments, decoder threads and ORT threads left at 0; 0 = the
         * container's cgroup CPU quota (v2 cpu.max, v1 cpu.cfs_quota_us), else the cores.
         */
        @WithDefault("0")
        int cpus();

        /**
         * The longest wait between attempts at a video whose outputs could not be written (storage full or
         * unwritable): the worker retries from 1 s, doubling up to this, until the storage takes writes again.
         */
        @WithName("storage-backoff-max")
        @WithDefault("15s")
        java.time.Duration storageBackoffMax();

        /**
         * How long one video may keep meeting a full or unwritable storage before it is recorded as failed
         * ({@code inference_failed} naming the cause), so that its job completes.
         */
        @WithName("storage-deadline")
        @WithDefault("6h")
        java.time.Duration storageDeadline();

        /** The activity gate in front of the detector (detector jobs only). */
        @WithName("detector-gate")
        Gate detectorGate();

        /** Detector batch buffers in flight: 1 = decode and infer in turn; 2+ = overlapped on an inference thread. */
        @WithName("pipeline-depth")
        @WithDefault("2")
        int pipelineDepth();
    }

    interface Gate {
        /**
         * The detector sees a clip only when some frame's activity (changed fraction of the picture) reaches this:
         * 0.001 is ~2 cells of the activity model's 64x36 grid, above sensor and codec noise (~0.0002), below one
         * walking person. 0 switches the gate off (every frame through the detector).
         */
        @WithDefault("0.001")
        double activity();

        /**
         * Seconds before and after an active clip that the detector also sees: someone entering or leaving the picture
         * right at a clip boundary (2 frames each side at 1 fps).
         */
        @WithName("margin-seconds")
        @WithDefault("2")
        double marginSeconds();
    }
}
