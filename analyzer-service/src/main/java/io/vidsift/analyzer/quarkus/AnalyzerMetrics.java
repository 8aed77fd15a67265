package io.vidsift.analyzer.quarkus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vidsift.analyzer.inference.InferenceDevice;
import io.vidsift.analyzer.inference.RunTimer;
import io.vidsift.analyzer.pipeline.AnalysisMetrics;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.service.MetricNames;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;

/**
 * The analyzer's meters on the service's registry, every one resolved here once, so the hot path (a frame, a
 * batch) is an array index and an atomic add, never a registry lookup:
 * <ul>
 *   <li>{@code vidsift_analyzer_videos_total{status}}: videos by VideoAnalyzed status;</li>
 *   <li>{@code vidsift_analyzer_frames_total}: sampled frames (frames/s is its rate);</li>
 *   <li>{@code vidsift_analyzer_inference_seconds{device}}: one {@code session.run}, i.e. one batch of frames;</li>
 *   <li>{@code vidsift_analyzer_analysis_seconds}: one video end to end, failed ones included;</li>
 *   <li>{@code vidsift_analyzer_storage_setbacks_total}: attempts at a video that met a full or unwritable storage.</li>
 * </ul>
 * Tags are closed sets (the four statuses, the two devices), all registered up front so every series is scraped
 * from the start (a rate over a series that appears mid-way misses its first increase).
 */
@ApplicationScoped
public class AnalyzerMetrics implements AnalysisMetrics {

    private final Counter[] videos;
    private final Counter frames;
    private final RunTimer[] inference;
    private final Timer analysis;
    private final Counter storageSetbacks;

    public AnalyzerMetrics(MeterRegistry registry) {
        AnalysisStatus[] statuses = AnalysisStatus.values();
        videos = new Counter[statuses.length];
        for (AnalysisStatus status : statuses) {
            videos[status.ordinal()] = Counter.builder(MetricNames.VIDEOS).tag("status", status.key())
                    .description("videos analysed, by VideoAnalyzed status").register(registry);
        }
        frames = Counter.builder(MetricNames.FRAMES).description("sampled frames decoded and scored").register(registry);
        InferenceDevice[] devices = InferenceDevice.values();
        inference = new RunTimer[devices.length];
        for (InferenceDevice device : devices) {
            Timer timer = Timer.builder(MetricNames.INFERENCE).tag("device", device.key())
                    .description("one ONNX Runtime session.run: one batch of frames").register(registry);
            inference[device.ordinal()] = nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
        }
        analysis = Timer.builder(MetricNames.ANALYSIS).description("one video end to end: probe, frames, clips, inference")
                .register(registry);
        storageSetbacks = Counter.builder(MetricNames.STORAGE_SETBACKS)
                .description("attempts at a video that met a full or unwritable storage (retried, nothing recorded)").register(registry);
    }

    /** One attempt at a video that met a full or unwritable storage. */
    public void storageSetback() {
        storageSetbacks.increment();
    }

    @Override
    public void frameSampled() {
        frames.increment();
    }

    @Override
    public RunTimer inference(InferenceDevice device) {
        return inference[device.ordinal()];
    }

    @Override
    public void analyzed(AnalysisStatus status, long nanos) {
        videos[status.ordinal()].increment();
        analysis.record(nanos, TimeUnit.NANOSECONDS);
    }
}
