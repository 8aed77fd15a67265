package io.vidsift.aggregator.output;

import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.common.events.EventDetector;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.ClipSums;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.storage.ClipFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A one-camera cloud job whose videos' clips are schema 2 clip files under {@code storage}; its files are written the
 * way the service does, into {@code written}/job id.
 */
record ClipJob(Path storage, Path written) {

    private static final MessageCodec CODEC = new MessageCodec();

    /** A job of {@code chunks} 10-minute chunks, every one downloaded and analysed into clips of {@code clipSeconds}. */
    Path report(String jobId, int chunks, int clipSeconds, IntToDoubleFunction activity) throws IOException {
        List<AggregatorEvent> events = new ArrayList<>();
        events.add(AggregatorEvent.of(Events.cloudJob(jobId, storage.resolve("out").toString(), chunks, false)));
        for (int chunk = 0; chunk < chunks; chunk++) {
            int offset = chunk * 600;
            events.add(AggregatorEvent.of(Events.download(jobId, chunk, DownloadStatus.DOWNLOADED, chunk)));
            events.add(AggregatorEvent.of(analysed(jobId, chunk, clipSeconds, second -> activity.applyAsDouble(offset + second))));
        }
        return write(jobId, events);
    }

    Path write(String jobId, List<AggregatorEvent> events) throws IOException {
        ClipFiles clipFiles = new ClipFiles(storage, CODEC);
        Folded folded = Folded.of(events, clipFiles);
        Path dir = Files.createDirectories(written.resolve(jobId));
        new JobFiles(clipFiles, EventDetector.Settings.defaults(), clipFiles::thumbnail).write(folded.tables(), folded.totals(jobId), dir);
        return dir;
    }

    /** The chunk's video as a schema 2 clip file; clips start on the requested window (second 0 of the chunk). */
    VideoAnalyzed analysed(String jobId, int chunk, int clipSeconds, IntToDoubleFunction activity) throws IOException {
        return analysed(jobId, chunk, clipSeconds, activity, Events.CAMERA.deviceSerial(), Events.CAMERA.name());
    }

    /** The same, from a camera of this serial and name (channel 1). */
    VideoAnalyzed analysed(String jobId, int chunk, int clipSeconds, IntToDoubleFunction activity, String serial, String name)
            throws IOException {
        return analysed(jobId, chunk, clipSeconds, activity, serial, name, false);
    }

    /** The same, with the analyzer's per-quarter clip sums in the record when {@code sums}. */
    VideoAnalyzed analysed(String jobId, int chunk, int clipSeconds, IntToDoubleFunction activity, String serial, String name,
                           boolean sums) throws IOException {
        CloudWindow requested = Events.window(chunk);
        CloudWindow w = new CloudWindow(serial, requested.channelNo(), name,
                requested.requestedBegin(), requested.requestedEnd(), requested.requestedBegin(), requested.requestedEnd());
        List<ClipResult> clips = new ArrayList<>();
        for (int i = 0; i * clipSeconds < 600; i++) {
            int second = i * clipSeconds;
            long start = (w.actualBegin() + second) * 1000;
            double a = activity.applyAsDouble(second);
            clips.add(new ClipResult(i, second, second + clipSeconds, start, start + clipSeconds * 1000L, clipSeconds, false, a,
                    null, null, 0, second + clipSeconds / 2.0, a, null));
        }
        VideoAnalyzed inline = Events.analysis(jobId, chunk, AnalysisStatus.ANALYZED, 100 + chunk);
        String clipsPath = "out/analysis/" + inline.videoId() + ".clips.jsonl";
        new ClipFile(CODEC).write(storage.resolve(clipsPath), clips);
        return new VideoAnalyzed(inline.schema(), inline.jobId(), inline.videoId(), inline.chunkId(), inline.source(), w,
                inline.path(), null, "keyframes", 1.0, 600, 0, null, "activity", "cpu", null, AnalysisStatus.ANALYZED, null,
                inline.analyzedAt(), clips.size(), clipsPath, 0, 0, sums ? ClipSums.of(w, clips) : null);
    }
}
