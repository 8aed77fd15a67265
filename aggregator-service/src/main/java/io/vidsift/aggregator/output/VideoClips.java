package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.domain.Keys;
import io.vidsift.aggregator.domain.VideoEntry;
import io.vidsift.common.messages.ClipResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One analysed video's clip rows in index order, from its clip file (schema 2) or the clips store (schema 1 inline
 * clips). Only one video's clips are held at a time; results.jsonl and events.jsonl both stream through here.
 */
final class VideoClips {

    private final ClipSource clipFiles;

    VideoClips(ClipSource clipFiles) {
        this.clipFiles = clipFiles;
    }

    List<ClipResult> of(JobTables tables, String videoKey, VideoEntry video) {
        List<ClipResult> clips = new ArrayList<>(video.clipCount());
        if (video.inlineClips()) {
            tables.clips().scan(Keys.clips(videoKey), (key, clip) -> clips.add(clip));
            return clips;
        }
        if (video.clipsPath() == null) {
            return clips;
        }
        try {
            clipFiles.read(video.clipsPath(), clips::add);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("clips of video " + video.analysis().videoId() + ": " + e.getMessage(), e));
        }
        clips.sort(Comparator.comparingInt(ClipResult::index));
        return clips;
    }
}
