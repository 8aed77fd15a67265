package io.vidsift.aggregator.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vidsift.common.messages.BadMessageException;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.storage.ClipFile;
import io.vidsift.common.storage.StorageLayout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a record of one of the aggregator's topics into its contract, or throws {@link BadMessageException} with
 * the reason (the record is then dead-lettered). vidsift.jobs carries two shapes: the planner's JobPlanned and the
 * aggregator's own JobCompleted, told apart by JobCompleted's {@code completed_at} field (JobPlanned has
 * {@code planned_at} and {@code config} instead).
 */
public final class EventDecoder {

    private final MessageCodec codec;
    private final StorageLayout storage;

    public EventDecoder(MessageCodec codec) {
        this(codec, null);
    }

    /**
     * @param storage where schema-2 VideoAnalyzed records' clip files live; this aggregator still folds clips in
     *                memory, so it reads them back into the record (null: records must carry their clips inline)
     */
    public EventDecoder(MessageCodec codec, StorageLayout storage) {
        this.codec = codec;
        this.storage = storage;
    }

    public Object decode(String topic, String json) {
        return switch (topic) {
            case Topics.JOBS -> job(json);
            case Topics.DOWNLOADS -> checked(codec.read(json, DownloadRecorded.class));
            case Topics.ANALYSES -> withClips(checked(codec.read(json, VideoAnalyzed.class)));
            default -> throw new BadMessageException("not an aggregator topic: " + topic);
        };
    }

    private Object job(String json) {
        if (json == null) {
            throw new BadMessageException("empty record value (expected JobPlanned or JobCompleted)");
        }
        JsonNode tree;
        try {
            tree = codec.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadMessageException("not a valid JobPlanned: " + e.getOriginalMessage());
        }
        if (tree != null && tree.has("completed_at") && !tree.has("config")) {
            JobCompleted completed = codec.read(json, JobCompleted.class);
            require(completed.jobId(), "JobCompleted", "job_id");
            require(completed.state(), "JobCompleted", "state");
            return completed;
        }
        JobPlanned planned = codec.read(json, JobPlanned.class);
        require(planned.jobId(), "JobPlanned", "job_id");
        require(planned.config(), "JobPlanned", "config");
        require(planned.config().mode(), "JobPlanned", "config.mode");
        require(planned.config().outputDir(), "JobPlanned", "config.output_dir");
        return planned;
    }

    private static DownloadRecorded checked(DownloadRecorded recorded) {
        require(recorded.jobId(), "DownloadRecorded", "job_id");
        require(recorded.chunkId(), "DownloadRecorded", "chunk_id");
        require(recorded.status(), "DownloadRecorded", "status");
        require(recorded.window(), "DownloadRecorded", "window");
        return recorded;
    }

    private static VideoAnalyzed checked(VideoAnalyzed analyzed) {
        require(analyzed.jobId(), "VideoAnalyzed", "job_id");
        require(analyzed.videoId(), "VideoAnalyzed", "video_id");
        require(analyzed.status(), "VideoAnalyzed", "status");
        return analyzed;
    }

    private VideoAnalyzed withClips(VideoAnalyzed a) {
        if (a.clipsPath() == null || a.clips() != null) {
            return a;
        }
        if (storage == null) {
            throw new BadMessageException("VideoAnalyzed " + a.videoId() + " names a clip file but no storage root is configured");
        }
        List<ClipResult> clips = new ArrayList<>(a.clipCount());
        try {
            new ClipFile(codec).read(storage.resolve(a.clipsPath()), clips::add);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadMessageException("VideoAnalyzed " + a.videoId() + ": " + e.getMessage());
        }
        return new VideoAnalyzed(a.schema(), a.jobId(), a.videoId(), a.chunkId(), a.source(), a.window(), a.path(), a.probe(),
                a.samplingMode(), a.effectiveFps(), a.framesSampled(), a.framesDropped(), clips, a.model(), a.device(),
                a.timingsMs(), a.status(), a.error(), a.analyzedAt(), clips.size(), a.clipsPath(), a.timestampResets(),
                a.framesCorrupt());
    }

    private static void require(Object value, String type, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw new BadMessageException("not a valid " + type + ": " + field + " is missing");
        }
    }
}
