package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Probe;
import io.vidsift.common.messages.VideoAnalyzed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.vidsift.aggregator.domain.BinaryRow.nullableDouble;
import static io.vidsift.aggregator.domain.BinaryRow.nullableInt;
import static io.vidsift.aggregator.domain.BinaryRow.nullableLong;
import static io.vidsift.aggregator.domain.BinaryRow.string;

/**
 * The rows an analysed chunk reads and writes several times over (its chunk, its video, the camera-hours it adds
 * to) as compact binary. As JSON they were a third of the stream thread's time (JFR of an analysed job): every read
 * of a row parses it, every write prints it. Each field in a fixed order after a version byte; enums by their
 * message key, so a reordered enum still reads.
 */
public final class RowCodec {

    private static final byte VERSION = 1;

    private RowCodec() {
    }

    public static byte[] write(DownloadRecorded d) {
        return BinaryRow.bytes(VERSION, out -> chunk(out, d));
    }

    public static DownloadRecorded readChunk(byte[] bytes) {
        return BinaryRow.read(bytes, VERSION, "chunk row", RowCodec::chunk);
    }

    public static byte[] write(VideoEntry v) {
        return BinaryRow.bytes(VERSION, out -> {
            out.writeBoolean(v.pending);
            string(out, v.chunkKey);
            out.writeBoolean(v.analysis != null);
            if (v.analysis != null) {
                analysis(out, v.analysis);
            }
            out.writeInt(v.clipCount);
            string(out, v.clipsPath);
            out.writeBoolean(v.inlineClips);
            out.writeInt(v.clipHours.size());
            for (long hour : v.clipHours) {
                out.writeLong(hour);
            }
            string(out, v.clipsError);
            nullableDouble(out, v.activityMean);
        });
    }

    public static VideoEntry readVideo(byte[] bytes) {
        return BinaryRow.read(bytes, VERSION, "video row", in -> {
            VideoEntry v = new VideoEntry();
            v.pending = in.readBoolean();
            v.chunkKey = string(in);
            v.analysis = in.readBoolean() ? analysis(in) : null;
            v.clipCount = in.readInt();
            v.clipsPath = string(in);
            v.inlineClips = in.readBoolean();
            int hours = in.readInt();
            List<Long> clipHours = new ArrayList<>(hours);
            for (int i = 0; i < hours; i++) {
                clipHours.add(in.readLong());
            }
            v.clipHours = List.copyOf(clipHours);
            v.clipsError = string(in);
            v.activityMean = nullableDouble(in);
            return v;
        });
    }

    public static byte[] write(HourBucket h) {
        return BinaryRow.bytes(VERSION, out -> {
            out.writeLong(h.downloadedSeconds);
            out.writeLong(h.analyzedSeconds);
            out.writeInt(h.videos.size());
            for (Map.Entry<String, ClipStats> video : h.videos.entrySet()) {
                string(out, video.getKey());
                ClipStats stats = video.getValue();
                out.writeLong(stats.clips);
                out.writeDouble(stats.activitySum);
                out.writeLong(stats.activityCount);
                nullableDouble(out, stats.activityMax);
                out.writeInt(stats.classes.size());
                for (Map.Entry<String, ClipStats.ClassSum> entry : stats.classes.entrySet()) {
                    string(out, entry.getKey());
                    out.writeInt(entry.getValue().max);
                    out.writeDouble(entry.getValue().meanSum);
                    out.writeLong(entry.getValue().count);
                }
            }
        });
    }

    public static HourBucket readHour(byte[] bytes) {
        return BinaryRow.read(bytes, VERSION, "hour row", in -> {
            HourBucket h = new HourBucket();
            h.downloadedSeconds = in.readLong();
            h.analyzedSeconds = in.readLong();
            int videos = in.readInt();
            for (int i = 0; i < videos; i++) {
                String videoId = string(in);
                ClipStats stats = new ClipStats();
                stats.clips = in.readLong();
                stats.activitySum = in.readDouble();
                stats.activityCount = in.readLong();
                stats.activityMax = nullableDouble(in);
                int classes = in.readInt();
                for (int c = 0; c < classes; c++) {
                    String name = string(in);
                    ClipStats.ClassSum sum = new ClipStats.ClassSum();
                    sum.max = in.readInt();
                    sum.meanSum = in.readDouble();
                    sum.count = in.readLong();
                    stats.classes.put(name, sum);
                }
                h.videos.put(videoId, stats);
            }
            return h;
        });
    }

    private static void chunk(BinaryRow.Out out, DownloadRecorded d) {
        out.writeInt(d.schema());
        string(out, d.jobId());
        string(out, d.chunkId());
        string(out, d.source());
        window(out, d.window());
        string(out, d.downloadUrlHost());
        string(out, d.path());
        string(out, d.status() == null ? null : d.status().key());
        out.writeInt(d.retryCount());
        string(out, d.lastError());
        nullableLong(out, d.bytes());
        string(out, d.sha256());
        out.writeBoolean(d.dryRun());
        string(out, d.recordedAt());
        string(out, d.container());
    }

    private static DownloadRecorded chunk(BinaryRow.In in) {
        return new DownloadRecorded(in.readInt(), string(in), string(in), string(in), window(in), string(in), string(in),
                downloadStatus(string(in)), in.readInt(), string(in), nullableLong(in), string(in), in.readBoolean(),
                string(in), string(in));
    }

    /** An analysis as the videos table keeps it: its clips and clip sums are never in the row (see JobFold). */
    private static void analysis(BinaryRow.Out out, VideoAnalyzed a) {
        if (a.clips() != null || a.clipSums() != null) {
            throw new IllegalArgumentException("a stored analysis carries no clips or clip sums (video " + a.videoId() + ")");
        }
        out.writeInt(a.schema());
        string(out, a.jobId());
        string(out, a.videoId());
        string(out, a.chunkId());
        string(out, a.source());
        window(out, a.window());
        string(out, a.path());
        probe(out, a.probe());
        string(out, a.samplingMode());
        out.writeDouble(a.effectiveFps());
        out.writeInt(a.framesSampled());
        out.writeInt(a.framesDropped());
        string(out, a.model());
        string(out, a.device());
        out.writeInt(a.timingsMs() == null ? -1 : a.timingsMs().size());
        if (a.timingsMs() != null) {
            for (Map.Entry<String, Long> timing : a.timingsMs().entrySet()) {
                string(out, timing.getKey());
                nullableLong(out, timing.getValue());
            }
        }
        string(out, a.status() == null ? null : a.status().key());
        string(out, a.error());
        string(out, a.analyzedAt());
        out.writeInt(a.clipCount());
        string(out, a.clipsPath());
        out.writeInt(a.timestampResets());
        out.writeInt(a.framesCorrupt());
    }

    private static VideoAnalyzed analysis(BinaryRow.In in) {
        int schema = in.readInt();
        String jobId = string(in);
        String videoId = string(in);
        String chunkId = string(in);
        String source = string(in);
        CloudWindow window = window(in);
        String path = string(in);
        Probe probe = probe(in);
        String samplingMode = string(in);
        double effectiveFps = in.readDouble();
        int framesSampled = in.readInt();
        int framesDropped = in.readInt();
        String model = string(in);
        String device = string(in);
        int timings = in.readInt();
        Map<String, Long> timingsMs = null;
        if (timings >= 0) {
            timingsMs = new LinkedHashMap<>();
            for (int i = 0; i < timings; i++) {
                timingsMs.put(string(in), nullableLong(in));
            }
        }
        return new VideoAnalyzed(schema, jobId, videoId, chunkId, source, window, path, probe, samplingMode, effectiveFps,
                framesSampled, framesDropped, null, model, device, timingsMs, analysisStatus(string(in)), string(in),
                string(in), in.readInt(), string(in), in.readInt(), in.readInt(), null);
    }

    private static void window(BinaryRow.Out out, CloudWindow w) {
        out.writeBoolean(w != null);
        if (w != null) {
            string(out, w.deviceSerial());
            out.writeInt(w.channelNo());
            string(out, w.deviceName());
            out.writeLong(w.requestedBegin());
            out.writeLong(w.requestedEnd());
            nullableLong(out, w.actualBegin());
            nullableLong(out, w.actualEnd());
        }
    }

    private static CloudWindow window(BinaryRow.In in) {
        return in.readBoolean() ? new CloudWindow(string(in), in.readInt(), string(in), in.readLong(), in.readLong(),
                nullableLong(in), nullableLong(in)) : null;
    }

    private static void probe(BinaryRow.Out out, Probe p) {
        out.writeBoolean(p != null);
        if (p != null) {
            string(out, p.container());
            string(out, p.codec());
            nullableInt(out, p.width());
            nullableInt(out, p.height());
            nullableDouble(out, p.fps());
            nullableDouble(out, p.durationSeconds());
            nullableDouble(out, p.startTimeSeconds());
            nullableLong(out, p.bitrate());
            nullableLong(out, p.estimatedFrames());
        }
    }

    private static Probe probe(BinaryRow.In in) {
        return in.readBoolean() ? new Probe(string(in), string(in), nullableInt(in), nullableInt(in), nullableDouble(in),
                nullableDouble(in), nullableDouble(in), nullableLong(in), nullableLong(in)) : null;
    }

    private static DownloadStatus downloadStatus(String key) {
        return byKey(DownloadStatus.values(), DownloadStatus::key, key, "download status");
    }

    private static AnalysisStatus analysisStatus(String key) {
        return byKey(AnalysisStatus.values(), AnalysisStatus::key, key, "analysis status");
    }

    /** An enum constant by its message key (null stays null). */
    private static <E> E byKey(E[] values, Function<E, String> keyOf, String key, String what) {
        if (key == null) {
            return null;
        }
        for (E value : values) {
            if (keyOf.apply(value).equals(key)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " " + key);
    }
}
