package io.vidsift.aggregator.streams;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.common.messages.BadMessageException;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.messages.VideoAnalyzed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns a record of one of the aggregator's topics into an {@link AggregatorEvent}, or throws
 * {@link BadMessageException} with the reason (the record is then dead-lettered). vidsift.jobs carries three shapes:
 * the planner's JobPlanned, the planner's JobDevices (a part of a big plan's device list) and the aggregator's own
 * JobCompleted (decoded to null: the aggregator's state knows what it announced), told apart by JobCompleted's
 * {@code completed_at} and JobDevices' {@code parts} fields (JobPlanned has {@code planned_at} and {@code config}
 * instead). VideoAnalyzed is read in both schemas: 1 with inline clips, 2 with
 * {@code clip_count} and {@code clips_path}.
 */
public final class EventDecoder {

    private final MessageCodec codec;

    public EventDecoder(MessageCodec codec) {
        this.codec = codec;
    }

    /** The event, or null for a record the aggregator ignores (its own JobCompleted). */
    public AggregatorEvent decode(String topic, String json) {
        return decode(topic, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #decode(String, String)} on the record's bytes as they came. */
    public AggregatorEvent decode(String topic, byte[] json) {
        return switch (topic) {
            case Topics.JOBS -> jobEvent(job(json));
            case Topics.DOWNLOADS -> AggregatorEvent.of(checked(codec.read(json, DownloadRecorded.class)));
            case Topics.ANALYSES -> analysis(json);
            default -> throw new BadMessageException("not an aggregator topic: " + topic);
        };
    }

    private static AggregatorEvent jobEvent(Object record) {
        if (record instanceof JobPlanned planned) {
            return AggregatorEvent.of(planned);
        }
        return record instanceof JobDevices devices ? AggregatorEvent.of(devices) : null;
    }

    /**
     * The record's top-level {@code job_id}, read with the streaming parser (it stops at the field, reading nothing
     * into objects), or null when the record has none or is not a JSON object: the partition a record goes to is
     * decided by this alone, before the one full decode.
     */
    public String jobId(byte[] json) {
        if (json == null) {
            return null;
        }
        try (JsonParser parser = codec.mapper().getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("job_id".equals(field)) {
                    String id = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    return id == null || id.isBlank() ? null : id;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private AggregatorEvent analysis(byte[] json) {
        VideoAnalyzed analyzed = checked(codec.read(json, VideoAnalyzed.class));
        if (analyzed.clipsPath() != null && analyzed.clipsPath().isBlank()) {
            throw new BadMessageException("not a valid VideoAnalyzed: clips_path is blank");
        }
        // A count below zero would be taken off the job's and the camera's clip totals.
        if (analyzed.clipCount() < 0) {
            throw new BadMessageException("not a valid VideoAnalyzed: clip_count is negative (" + analyzed.clipCount() + ")");
        }
        return AggregatorEvent.of(analyzed);
    }

    /** The decoded record of vidsift.jobs: a JobPlanned, a JobDevices or a JobCompleted. */
    public Object job(String json) {
        return job(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private Object job(byte[] json) {
        if (json == null) {
            throw new BadMessageException("empty record value (expected JobPlanned or JobCompleted)");
        }
        JsonNode tree;
        try {
            tree = codec.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadMessageException("not a valid JobPlanned: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadMessageException("not a valid JobPlanned: " + e.getMessage());
        }
        if (tree != null && tree.has("completed_at") && !tree.has("config")) {
            JobCompleted completed = codec.read(json, JobCompleted.class);
            require(completed.jobId(), "JobCompleted", "job_id");
            require(completed.state(), "JobCompleted", "state");
            return completed;
        }
        if (tree != null && tree.has("parts") && !tree.has("config")) {
            return devices(codec.read(json, JobDevices.class));
        }
        JobPlanned planned = codec.read(json, JobPlanned.class);
        require(planned.jobId(), "JobPlanned", "job_id");
        require(planned.config(), "JobPlanned", "config");
        require(planned.config().mode(), "JobPlanned", "config.mode");
        require(planned.config().outputDir(), "JobPlanned", "config.output_dir");
        return planned;
    }

    private static JobDevices devices(JobDevices part) {
        require(part.jobId(), "JobDevices", "job_id");
        require(part.devices(), "JobDevices", "devices");
        if (part.parts() < 1 || part.part() < 0 || part.part() >= part.parts()) {
            throw new BadMessageException("not a valid JobDevices: part " + part.part() + " of " + part.parts()
                    + " (parts must be at least 1, part in 0 .. parts-1)");
        }
        for (int i = 0; i < part.devices().size(); i++) {
            if (part.devices().get(i) == null) {
                throw new BadMessageException("not a valid JobDevices: devices[" + i + "] is missing");
            }
            require(part.devices().get(i).deviceSerial(), "JobDevices", "devices[" + i + "].device_serial");
        }
        return part;
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

    private static void require(Object value, String type, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw new BadMessageException("not a valid " + type + ": " + field + " is missing");
        }
    }
}
