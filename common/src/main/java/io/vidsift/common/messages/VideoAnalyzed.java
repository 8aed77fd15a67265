package io.vidsift.common.messages;

import java.util.List;
import java.util.Map;

/**
 * The analysis of one video: cloud metadata carried through, probe, sampling figures, clips, model and device,
 * per-stage timings in milliseconds, and the terminal status with its error (null when analyzed).
 * <p>
 * Schema 2: the clip rows do not ride in the record (60 clips with grids and counts are tens of KB per video, and a
 * consumer would have to hold them). The analyzer writes them to {@code clipsPath}, a JSONL file of
 * {@link ClipResult} rows in index order (see {@link io.vidsift.common.storage.ClipFile}), relative to the storage
 * root like every path in a message; {@code clipCount} says how many rows it holds, and {@code clips} is null.
 * Schema 1 records carried the rows inline in {@code clips} (and have no clips_path); readers accept both.
 * <p>
 * Appended: {@code timestampResets} counts timestamp resets and jumps that re-anchored the timeline (the frames
 * after them were kept, not dropped); {@code framesCorrupt} counts decoded frames skipped because the decoder
 * flagged them corrupt. Both 0 in records that predate them.
 * <p>
 * Appended: {@code clipSums}, what the clips in {@code clipsPath} add up to per quarter hour of wall time
 * ({@link ClipSums}), so that consumers keeping timelines need not read the file; null in records that predate it
 * (readers then read the file).
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
        String analyzedAt,
        int clipCount,
        String clipsPath,
        int timestampResets,
        int framesCorrupt,
        List<ClipSums> clipSums) {

    /** A record without clip sums (schema 1 records, and tests that give the clips inline). */
    public VideoAnalyzed(int schema, String jobId, String videoId, String chunkId, String source, CloudWindow window, String path,
                         Probe probe, String samplingMode, double effectiveFps, int framesSampled, int framesDropped,
                         List<ClipResult> clips, String model, String device, Map<String, Long> timingsMs, AnalysisStatus status,
                         String error, String analyzedAt, int clipCount, String clipsPath, int timestampResets, int framesCorrupt) {
        this(schema, jobId, videoId, chunkId, source, window, path, probe, samplingMode, effectiveFps, framesSampled,
                framesDropped, clips, model, device, timingsMs, status, error, analyzedAt, clipCount, clipsPath, timestampResets,
                framesCorrupt, null);
    }

    /** The number of clips, whichever schema the record has. */
    public int clipTotal() {
        return clipsPath != null || clips == null ? clipCount : clips.size();
    }
}
