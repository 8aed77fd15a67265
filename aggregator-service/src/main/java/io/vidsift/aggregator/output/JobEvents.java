package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.domain.Keys;
import io.vidsift.common.events.EventDetector;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.VideoAnalyzed;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A job's events (contiguous active spans per camera, {@link EventDetector}) found by streaming its videos in row
 * order, which is camera by camera in requested time: one detector per camera, one video's clips in memory at a
 * time. Local videos have no wall clock, so each is its own timeline.
 */
final class JobEvents {

    private final EventDetector.Settings settings;
    private final VideoClips clips;

    JobEvents(EventDetector.Settings settings, VideoClips clips) {
        this.settings = settings;
        this.clips = clips;
    }

    void scan(JobTables tables, String jobId, Consumer<EventDetector.Event> sink) {
        EventDetector[] detector = {null};
        Object[] camera = {null};
        tables.videos().scan(Keys.job(jobId), (key, video) -> {
            if (video.pending()) {
                return true;
            }
            VideoAnalyzed analysis = video.analysis();
            Object id = cameraOf(analysis);
            if (detector[0] == null || !Objects.equals(id, camera[0])) {
                if (detector[0] != null) {
                    detector[0].finish();
                }
                camera[0] = id;
                detector[0] = new EventDetector(settings, detectorCamera(analysis), sink);
            }
            for (ClipResult clip : clips.of(tables, key, video)) {
                detector[0].accept(analysis.videoId(), clip);
            }
            return true;
        });
        if (detector[0] != null) {
            detector[0].finish();
        }
    }

    private static Object cameraOf(VideoAnalyzed analysis) {
        CloudWindow w = analysis.window();
        return w == null ? analysis.videoId() : w.deviceSerial() + "/" + w.channelNo();
    }

    private static EventDetector.Camera detectorCamera(VideoAnalyzed analysis) {
        CloudWindow w = analysis.window();
        return w == null ? new EventDetector.Camera(null, null, analysis.path())
                : new EventDetector.Camera(w.deviceSerial(), w.channelNo(), w.deviceName());
    }
}
