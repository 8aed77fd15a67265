package io.vidsift.common.messages;

import java.util.List;
import java.util.Map;

/**
 * The analysis of one video: cloud metadata carried through, probe, sampling figures, clips, model and device,
 * per-stage timings in milliseconds, and the terminal status with its error (null when analyzed).
 */
public record VideoAnalyzed(
        int schema,
        String jobId,
        String videoId,
        String chunkId,
        String source,
        CloudWindow window,
        String path,
        Probe probe,
        String samplingMode,
        double effectiveFps,
        int framesSampled,
        int framesDropped,
        List<ClipResult> clips,
        String model,
        String device,
        Map<String, Long> timingsMs,
        AnalysisStatus status,
        String error,
        String analyzedAt) {
}
