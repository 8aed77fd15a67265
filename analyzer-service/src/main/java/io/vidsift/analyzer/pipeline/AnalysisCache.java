package io.vidsift.analyzer.pipeline;

import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.ClipSums;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.common.storage.ClipFile;
import io.vidsift.common.storage.StorageLayout;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reuses a finished analysis when the same video content comes again with the same settings: a re-run of a job
 * (after fixing one camera's credentials, say) or the same file in another job then takes seconds instead of a
 * decode per video. An entry is keyed by {@link AnalysisKey} (content sha256, the job's analysis settings with
 * defaults filled, the model file's sha256, the cloud window, and the analyzer build and decoder segments) and
 * holds the VideoAnalyzed, its clip rows, its per-frame file and its peak-frame thumbnails. A hit is rewritten to the
 * new job's ids, and its clip file, per-frame file and thumbnails are copied into the new job's output dir (each job
 * has its own; the rows then name the new job's thumbnails, see {@link CachedThumbnails}); its timings say what the
 * hit cost ({@code cache}, {@code total}), not what the first analysis did.
 * <p>
 * Only {@code analyzed} results are kept: a failure may be the worker's (CUDA missing, a model not yet copied), and
 * a retry must try again. With {@code analysis.save_frames} the cache is bypassed, since its JPEGs are not kept.
 * Entries are written to a temporary folder and renamed into place, so replicas sharing the folder never read half
 * an entry; the first writer wins. Nothing here can fail an analysis: a cache fault is logged and the video is
 * analysed as if there were no cache. A hit whose copies into the job's output dir fail (disk full) is a
 * {@link StorageFault}, like the analyzer's own writes: the entry is kept and the video waits for the storage.
 */
public final class AnalysisCache {

    private static final Logger LOG = Logger.getLogger(AnalysisCache.class);
    static final String ANALYSIS = "analysis.json";
    static final String FRAMES = "frames.jsonl";
    static final String CLIPS = "clips.jsonl";

    private final Path dir;
    private final AnalysisKey keys;
    private final StorageLayout storage;
    private final MessageCodec codec;
    private final Clock clock;
    private final CachedThumbnails thumbnails;

    /** @param dir where entries live; null turns the cache off */
    public AnalysisCache(Path dir, AnalysisKey keys, StorageLayout storage, MessageCodec codec, Clock clock) {
        this.dir = dir;
        this.keys = keys;
        this.storage = storage;
        this.codec = codec;
        this.clock = clock;
        this.thumbnails = new CachedThumbnails(storage);
        if (dir != null) {
            LOG.infof("analysis cache in %s (worker %s)", dir, keys.worker());
        }
    }

    public static AnalysisCache off(StorageLayout storage, MessageCodec codec) {
        return new AnalysisCache(null, null, storage, codec, Clock.systemUTC());
    }

    public boolean enabled() {
        return dir != null;
    }

    /** The cached analysis of {@code video}, else {@code analyzer}'s, kept for next time when it succeeded. */
    public VideoAnalyzed analyze(VideoReady video, Function<VideoReady, VideoAnalyzed> analyzer) {
        AnalysisConfig settings = AnalysisSettings.of(video.analysis()).config();
        if (dir == null || settings.saveFrames()) {
            return analyzer.apply(video);
        }
        long t0 = System.nanoTime();
        String key;
        try {
            key = keys.of(video, settings);
        } catch (IOException | RuntimeException e) {
            // A missing file or model: the analyzer reports it with the right status.
            return analyzer.apply(video);
        }
        Path entry = dir.resolve(key.substring(0, 2)).resolve(key);
        if (Files.isRegularFile(entry.resolve(ANALYSIS))) {
            try {
                VideoAnalyzed hit = reuse(entry, video, t0);
                LOG.infof("video %s (%s): cache hit %s", video.videoId(), video.path(), key);
                return hit;
            } catch (StorageFault e) {
                throw e; // the job's output dir refused the copies: the entry is fine, the video waits for the storage
            } catch (IOException | RuntimeException e) {
                LOG.warnf("video %s: cache entry %s unreadable, analysing again: %s", video.videoId(), key, e.getMessage());
                deleteQuietly(entry);
            }
        }
        VideoAnalyzed result = analyzer.apply(video);
        if (result.status() == AnalysisStatus.ANALYZED) {
            store(entry, video, result);
        }
        return result;
    }

    private VideoAnalyzed reuse(Path entry, VideoReady video, long t0) throws IOException {
        VideoAnalyzed cached = codec.read(Files.readString(entry.resolve(ANALYSIS)), VideoAnalyzed.class);
        if (cached.status() != AnalysisStatus.ANALYZED || !Files.isRegularFile(entry.resolve(CLIPS))) {
            throw new IOException("entry is not a complete analyzed result");
        }
        List<ClipResult> cachedClips = new ArrayList<>();
        new ClipFile(codec).read(entry.resolve(CLIPS), cachedClips::add);
        List<ClipResult> clips;
        String clipsPath = null;
        // From here on only the job's output dir is written: a failure is that storage's, not the entry's.
        try {
            Path frames = entry.resolve(FRAMES);
            if (Files.isRegularFile(frames) && hasOutputDir(video)) {
                copy(frames, outputDir(video).resolve("analysis").resolve(video.videoId() + ".frames.jsonl"));
            }
            // The clip rows go where the analyzer would put them for this job: a clip file under its output dir, or
            // inline (schema 1 shape) when there is nothing to write or the output dir is outside the storage root.
            clips = thumbnails.restore(cachedClips, entry, hasOutputDir(video) ? outputDir(video).resolve("analysis") : null,
                    video.videoId(), storage.resolve(video.path()), cached.timestampResets() > 0);
            if (!clips.isEmpty() && hasOutputDir(video)) {
                Path file = ClipFile.under(outputDir(video), video.videoId());
                try {
                    clipsPath = storage.relativize(file);
                    new ClipFile(codec).write(file, clips);
                } catch (IllegalArgumentException outsideRoot) {
                    clipsPath = null;
                }
            }
        } catch (IOException e) {
            throw new StorageFault("video " + video.videoId() + ": cannot copy its cached analysis into " + video.outputDir(), e);
        }
        Map<String, Long> timings = new LinkedHashMap<>();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        timings.put("cache", ms);
        timings.put("total", ms);
        return new VideoAnalyzed(cached.schema(), video.jobId(), video.videoId(), video.chunkId(), video.source(), video.window(),
                video.path(), cached.probe(), cached.samplingMode(), cached.effectiveFps(), cached.framesSampled(),
                cached.framesDropped(), clipsPath == null ? clips : null, cached.model(), cached.device(), timings, cached.status(),
                cached.error(), clock.instant().toString(), clips.size(), clipsPath, cached.timestampResets(), cached.framesCorrupt(),
                clipsPath == null ? null : ClipSums.of(video.window(), clips));
    }

    private void store(Path entry, VideoReady video, VideoAnalyzed result) {
        if (Files.isDirectory(entry)) {
            return;
        }
        Path tmp = dir.resolve("tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            Files.writeString(tmp.resolve(ANALYSIS), codec.write(result));
            List<ClipResult> clips = new ArrayList<>();
            if (result.clipsPath() != null) {
                new ClipFile(codec).read(storage.resolve(result.clipsPath()), clips::add);
            } else if (result.clips() != null) {
                clips.addAll(result.clips());
            }
            new ClipFile(codec).write(tmp.resolve(CLIPS), clips);
            thumbnails.keep(clips, tmp);
            Path frames = hasOutputDir(video) ? outputDir(video).resolve("analysis").resolve(video.videoId() + ".frames.jsonl") : null;
            if (frames != null && Files.isRegularFile(frames)) {
                Files.copy(frames, tmp.resolve(FRAMES));
            }
            Files.createDirectories(entry.getParent());
            Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // Another replica stored it first (the rename fails on an existing entry), or the disk is full: either
            // way the analysis itself is done and stands.
            if (!Files.isDirectory(entry)) {
                LOG.warnf("video %s: cannot keep its analysis in the cache: %s", video.videoId(), e.getMessage());
            }
            deleteQuietly(tmp);
        }
    }

    /** The job's output dir as the analyzer resolves it: absolute, or under the storage root. */
    private Path outputDir(VideoReady video) {
        Path out = Path.of(video.outputDir());
        return out.isAbsolute() ? out : storage.resolve(video.outputDir());
    }

    private static boolean hasOutputDir(VideoReady video) {
        return video.outputDir() != null && !video.outputDir().isBlank();
    }

    /** Copies to a temporary sibling and renames it into place: a reader of {@code to} never sees half a file. */
    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover tmp-* folder is never read as an entry; a damaged entry is written again next time.
        }
    }
}
