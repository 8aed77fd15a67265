package io.vidsift.analyzer.pipeline;

import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.storage.StorageLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The peak-frame JPEGs of an analysis cache entry ({@link AnalysisCache}). Clip rows name their thumbnail by a
 * storage-relative path in the job that analysed the video: reused as is, a hit's rows would point into that other
 * job's output dir (gone when that job's output is cleaned up, and never in the new job's). So an entry keeps a copy
 * of each JPEG by clip index, and a hit copies them into the new job's analysis folder under its own video id, as the
 * analyzer would have named them, and rewrites the rows to point there. An active clip the entry has no JPEG for (the
 * first job's output dir was outside the storage root, so the analyzer wrote none) gets one made from the video, as
 * the analyzer makes them: a seek and at most a GOP of decoding per such clip.
 */
final class CachedThumbnails {

    static final String DIR = "thumbnails";

    private final StorageLayout storage;

    CachedThumbnails(StorageLayout storage) {
        this.storage = storage;
    }

    /** Copies the rows' thumbnails into {@code entry}; a thumbnail that cannot be read is left out (none on a hit). */
    void keep(List<ClipResult> clips, Path entry) throws IOException {
        for (ClipResult clip : clips) {
            if (clip.thumbnail() == null) {
                continue;
            }
            Path jpeg;
            try {
                jpeg = storage.resolve(clip.thumbnail());
            } catch (IllegalArgumentException outsideRoot) {
                continue;
            }
            if (Files.isRegularFile(jpeg)) {
                Files.createDirectories(entry.resolve(DIR));
                Files.copy(jpeg, cached(entry, clip));
            }
        }
    }

    /**
     * The rows with their thumbnails copied from {@code entry} into {@code analysisDir} (null, or outside the storage
     * root: no thumbnails, as the analyzer writes none there either), the missing ones made from {@code video}
     * unless its timestamps were re-anchored (offsets do not map to the file then; the analyzer makes none either).
     */
    List<ClipResult> restore(List<ClipResult> clips, Path entry, Path analysisDir, String videoId, Path video, boolean reanchored)
            throws IOException {
        boolean writable = analysisDir != null && underRoot(analysisDir);
        List<ClipResult> out = new ArrayList<>(clips.size());
        for (ClipResult clip : clips) {
            if (clip.thumbnail() == null) {
                out.add(clip);
                continue;
            }
            Path cached = cached(entry, clip);
            String path = null;
            if (writable && Files.isRegularFile(cached)) {
                Path target = PeakThumbnails.file(analysisDir, videoId, clip.index());
                AnalysisCache.copy(cached, target);
                path = storage.relativize(target);
            }
            out.add(clip.withThumbnail(path));
        }
        if (writable && !reanchored && out.stream().anyMatch(PeakThumbnails::missing)) {
            return PeakThumbnails.write(video, out, analysisDir, videoId, storage::relativize);
        }
        return out;
    }

    private boolean underRoot(Path dir) {
        try {
            storage.relativize(dir);
            return true;
        } catch (IllegalArgumentException outsideRoot) {
            return false;
        }
    }

    private static Path cached(Path entry, ClipResult clip) {
        return entry.resolve(DIR).resolve(clip.index() + ".jpg");
    }
}
