package io.vidsift.aggregator.streams;

import io.vidsift.aggregator.Events;
import io.vidsift.common.messages.BadMessageException;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.Topics;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventDecoderTest {

    private final MessageCodec codec = new MessageCodec();
    private final EventDecoder decoder = new EventDecoder(codec);

    @Test
    void theJobsTopicCarriesPlansAndCompletions() {
        JobPlanned planned = Events.cloudJob("job-1", "/out", 2, false);
        JobCompleted completed = new JobCompleted(Schema.VERSION, "job-1", "completed", Map.of("downloaded", 2L), "/out", "2026-02-03T01:00:00Z");
        assertThat(decoder.decode(Topics.JOBS, codec.write(planned)).plan()).isEqualTo(planned);
        assertThat(decoder.job(codec.write(completed))).isEqualTo(completed);
        assertThat(decoder.decode(Topics.JOBS, codec.write(completed))).as("its own announcements are not events").isNull();
    }

    @Test
    void theJobsTopicCarriesDevicePartsOfBigPlans() {
        var part = io.vidsift.common.messages.JobDevices.of("job-1", 1, 3, java.util.List.of(Events.CAMERA));
        var event = decoder.decode(Topics.JOBS, codec.write(part));
        assertThat(event.devices()).isEqualTo(part);
        assertThat(event.jobId()).isEqualTo("job-1");
        assertThat(event.topic()).isEqualTo(Topics.JOBS);
        assertThat(event.plan()).isNull();
        assertThatThrownBy(() -> decoder.decode(Topics.JOBS, "{\"job_id\":\"j\",\"part\":3,\"parts\":3,\"devices\":[]}"))
                .isInstanceOf(BadMessageException.class)
                .hasMessage("not a valid JobDevices: part 3 of 3 (parts must be at least 1, part in 0 .. parts-1)");
        assertThatThrownBy(() -> decoder.decode(Topics.JOBS, "{\"job_id\":\"j\",\"part\":0,\"parts\":1}"))
                .isInstanceOf(BadMessageException.class).hasMessage("not a valid JobDevices: devices is missing");
        assertThatThrownBy(() -> decoder.decode(Topics.JOBS, "{\"job_id\":\"j\",\"part\":0,\"parts\":1,\"devices\":[{\"channel_no\":1}]}"))
                .isInstanceOf(BadMessageException.class).hasMessage("not a valid JobDevices: devices[0].device_serial is missing");
    }

    @Test
    void downloadsAndAnalysesRoundTrip() {
        var recorded = Events.download("job-1", 0, DownloadStatus.DOWNLOADED, 1);
        assertThat(decoder.decode(Topics.DOWNLOADS, codec.write(recorded)).download()).isEqualTo(recorded);
        var analyzed = Events.analysis("job-1", 0, io.vidsift.common.messages.AnalysisStatus.ANALYZED, 2);
        var event = decoder.decode(Topics.ANALYSES, codec.write(analyzed));
        assertThat(event.analysis()).isEqualTo(analyzed);
        assertThat(event.clipsPath()).isNull();
        assertThat(event.clips()).isEqualTo(1);
    }

    @Test
    void aSchema2AnalysisNamesItsClipFileInsteadOfCarryingClips() throws Exception {
        var analyzed = Events.analysis("job-1", 0, io.vidsift.common.messages.AnalysisStatus.ANALYZED, 2);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) codec.mapper().valueToTree(analyzed);
        tree.put("schema", 2).putNull("clips");
        tree.put("clip_count", 60).put("clips_path", "analysis/v-1.clips.jsonl");
        var event = decoder.decode(Topics.ANALYSES, codec.mapper().writeValueAsString(tree));
        assertThat(event.clipsPath()).isEqualTo("analysis/v-1.clips.jsonl");
        assertThat(event.clips()).isEqualTo(60);

        tree.put("clip_count", -3);
        String negative = codec.mapper().writeValueAsString(tree);
        assertThatThrownBy(() -> decoder.decode(Topics.ANALYSES, negative)).isInstanceOf(BadMessageException.class)
                .hasMessage("not a valid VideoAnalyzed: clip_count is negative (-3)");
    }

    @Test
    void poisonIsABadMessageWithTheReason() {
        assertThatThrownBy(() -> decoder.decode(Topics.DOWNLOADS, "{not json")).isInstanceOf(BadMessageException.class)
                .hasMessageStartingWith("not a valid DownloadRecorded");
        assertThatThrownBy(() -> decoder.decode(Topics.DOWNLOADS, "{\"job_id\":\"j\",\"chunk_id\":\"c\",\"status\":\"downloaded\"}"))
                .isInstanceOf(BadMessageException.class).hasMessage("not a valid DownloadRecorded: window is missing");
        assertThatThrownBy(() -> decoder.decode(Topics.DOWNLOADS, "{\"job_id\":\"j\",\"chunk_id\":\"c\",\"status\":\"lost\"}"))
                .isInstanceOf(BadMessageException.class);
        assertThatThrownBy(() -> decoder.decode(Topics.ANALYSES, "{\"job_id\":\"j\",\"status\":\"analyzed\"}"))
                .isInstanceOf(BadMessageException.class).hasMessage("not a valid VideoAnalyzed: video_id is missing");
        assertThatThrownBy(() -> decoder.decode(Topics.JOBS, "{\"job_id\":\"j\",\"planned_at\":\"x\"}"))
                .isInstanceOf(BadMessageException.class).hasMessage("not a valid JobPlanned: config is missing");
        assertThatThrownBy(() -> decoder.decode(Topics.JOBS, (String) null)).isInstanceOf(BadMessageException.class);
    }

    @Test
    void theJobIdIsReadWithoutDecodingTheRecord() {
        assertThat(decoder.jobId(bytes("{\"schema\":2,\"job_id\":\"job-1\",\"status\":\"downloaded\"}"))).isEqualTo("job-1");
        // wherever it is among the fields, with nested objects and arrays before it
        assertThat(decoder.jobId(bytes("{\"window\":{\"job_id\":\"inner\",\"a\":[1,{\"b\":2}]},\"job_id\":\"outer\"}"))).isEqualTo("outer");
        assertThat(decoder.jobId(bytes("{\"chunk_id\":\"c\"}"))).isNull();
        assertThat(decoder.jobId(bytes("{\"job_id\":\" \"}"))).isNull();
        assertThat(decoder.jobId(bytes("{\"job_id\":7}"))).isNull();
        assertThat(decoder.jobId(bytes("[\"job_id\",\"x\"]"))).isNull();
        assertThat(decoder.jobId(bytes("{not json"))).isNull();
        assertThat(decoder.jobId(bytes(""))).isNull();
        assertThat(decoder.jobId(null)).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
