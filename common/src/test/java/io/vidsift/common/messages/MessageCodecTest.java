package io.vidsift.common.messages;

import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.ConfigLoader;
import io.vidsift.common.config.InvalidConfigs;
import io.vidsift.common.config.JobConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec();
    private final CloudWindow window = new CloudWindow("DEV1", 1, "front", 1770080400L, 1770081000L, 1770080401L, 1770080999L);

    @Test
    void aPlanWithItsDevicesInlineHasNoDevicePartsField() {
        JobConfig config = new ConfigLoader().parse(InvalidConfigs.VALID).job();
        assertThat(codec.write(JobPlanned.of("job-1", "2026-02-03T01:00:00Z", config, 2, 2, 24, 0))).doesNotContain("device_parts");
        assertThat(codec.write(new JobPlanned(Schema.VERSION, "job-1", "2026-02-03T01:00:00Z", config, 2, 2, 24, 0, 3)))
                .contains("\"device_parts\":3");
        assertThat(codec.read("{\"schema\":2,\"job_id\":\"j\",\"devices\":2}", JobPlanned.class).deviceParts()).isZero();
    }

    @Test
    void everyContractRoundTrips() {
        JobConfig config = new ConfigLoader().parse(InvalidConfigs.VALID).job();
        AnalysisConfig analysis = AnalysisConfig.defaults();
        List<Object> messages = List.of(
                JobPlanned.of("job-1", "2026-02-03T01:00:00Z", config, 2, 2, 24, 0),
                new JobPlanned(Schema.VERSION, "job-1", "2026-02-03T01:00:00Z", config, 2, 2, 24, 0, 3),
                JobDevices.of("job-1", 1, 3, List.of(new io.vidsift.common.config.Device("DEV1", 1, "front"))),
                new ChunkRequested(Schema.VERSION, "job-1", "c-1", window, true, "http://127.0.0.1:1", "/dl", "/oauth/token", 60, 600, "/out", analysis),
                new DownloadRecorded(Schema.VERSION, "job-1", "c-1", "hik_cloud", window, "oss.example", "downloads/a.mp4",
                        DownloadStatus.DOWNLOADED, 2, null, 1234L, "ab", false, "2026-02-03T01:00:00Z", "imkh-ps"),
                new VideoReady(Schema.VERSION, "job-1", "v-1", VideoReady.SOURCE_HIK_CLOUD, "c-1", window, "downloads/a.mp4", 1234L, "ab", "/out", analysis),
                new VideoAnalyzed(Schema.VERSION, "job-1", "v-1", "c-1", "hik_cloud", window, "downloads/a.mp4",
                        new Probe("mov,mp4", "h264", 1280, 720, 25.0, 600.0, 0.0, 2_000_000L, 15_000L), "keyframes", 0.5, 300, 1,
                        List.of(new ClipResult(0, 0, 10, 1770080401000L, 1770080411000L, 10, false, 0.12, List.of(0.1, 0.2),
                                Map.of("person", new ClassStats(2, 1.5)), 1, 4.0, 0.31, "out/analysis/v-1.peak0000.jpg")),
                        "activity", "cpu", Map.of("probe", 3L), AnalysisStatus.ANALYZED, null, "2026-02-03T01:00:00Z", 1, null, 1, 2),
                new JobCompleted(Schema.VERSION, "job-1", JobCompleted.COMPLETED, Map.of("downloaded", 10L), "/out", "2026-02-03T01:00:00Z"));
        for (Object message : messages) {
            String json = codec.write(message);
            assertThat(codec.read(json, message.getClass())).as(json).isEqualTo(message);
            assertThat(json).contains("\"schema\":" + Schema.VERSION).doesNotContain("jobId");
        }
    }

    @Test
    void unknownFieldsAreTolerated() {
        String json = "{\"schema\":2,\"job_id\":\"j\",\"video_id\":\"v\",\"source\":\"local\",\"path\":\"a.mp4\",\"added_later\":{\"x\":1}}";
        VideoReady ready = codec.read(json, VideoReady.class);
        assertThat(ready.path()).isEqualTo("a.mp4");
        assertThat(ready.schema()).isEqualTo(2);
    }

    @Test
    void garbageIsABadMessageWithAReason() {
        assertThatThrownBy(() -> codec.read("{not json", VideoReady.class)).isInstanceOf(BadMessageException.class)
                .hasMessageStartingWith("not a valid VideoReady");
        assertThatThrownBy(() -> codec.read((String) null, VideoReady.class)).isInstanceOf(BadMessageException.class);
    }

    /** No contract has a field that could hold a credential or a signed URL. */
    @Test
    void noFieldCanHoldAToken() {
        for (Class<?> type : List.of(JobPlanned.class, ChunkRequested.class, DownloadRecorded.class, VideoReady.class,
                VideoAnalyzed.class, JobCompleted.class, CloudWindow.class, JobConfig.class,
                io.vidsift.common.config.HikCloudConfig.class)) {
            for (RecordComponent component : type.getRecordComponents()) {
                String name = component.getName().toLowerCase(Locale.ROOT);
                // Names of env vars and API endpoint paths are fine; values of credentials are not.
                boolean namesEnvVar = name.endsWith("env") || name.endsWith("path");
                assertThat(namesEnvVar || !(name.contains("token") || name.contains("secret") || name.contains("authorization")
                        || name.equals("url") || name.equals("downloadurl")))
                        .as(type.getSimpleName() + "." + component.getName()).isTrue();
            }
        }
    }

    @Test
    void idsAreStableAndDistinct() {
        assertThat(Ids.chunkId("j", "D", 1, 0, 600)).isEqualTo(Ids.chunkId("j", "D", 1, 0, 600))
                .isNotEqualTo(Ids.chunkId("j", "D", 2, 0, 600)).startsWith("c-").hasSize(26);
        assertThat(Ids.videoId("j", "a/b.mp4")).isNotEqualTo(Ids.videoId("k", "a/b.mp4"));
        assertThat(Ids.newJobId()).isNotEqualTo(Ids.newJobId());
    }
}
