package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClipSums;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Probe;
import io.vidsift.common.messages.VideoAnalyzed;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowCodecTest {

    private final MessageCodec codec = new MessageCodec();
    private final CloudWindow window = new CloudWindow("DS-ü1", 2, "gate \"north\"", 1_770_681_600L, 1_770_685_200L, 1_770_681_601L, null);

    @Test
    void chunkRowsComeBackEqual() {
        for (DownloadRecorded chunk : List.of(
                new DownloadRecorded(2, "job-1", "c-1", "hik_cloud", window, "oss.example.com", "cloud/a.mp4",
                        DownloadStatus.DOWNLOADED, 3, null, 60_000_000L, "ab", false, "2026-02-10T00:00:00.5Z", "mp4"),
                new DownloadRecorded(1, "job-1", "c-2", null, null, null, null, null, 0, "timeout \u2014 🙂", null, null,
                        true, null, null),
                new DownloadRecorded(2, "job-1", "c-3", "hik_cloud", window, null, null, DownloadStatus.NO_RECORDING, 0,
                        null, 0L, null, false, "2026-02-10T00:00:00Z", null))) {
            assertThat(RowCodec.readChunk(RowCodec.write(chunk))).isEqualTo(chunk);
        }
    }

    @Test
    void videoRowsComeBackFieldForField() {
        Map<String, Long> timings = new LinkedHashMap<>();
        timings.put("decode", 9000L);
        timings.put("infer", null);
        timings.put("a-last", 1L);
        VideoAnalyzed analysis = new VideoAnalyzed(2, "job-1", "v-1", "c-1", "hik_cloud", window, "cloud/a.mp4",
                new Probe("mov,mp4", "h264", 1280, null, 25.0, 600.5, null, 2_000_000L, null), "keyframes", 0.1, 600, 3,
                null, "yolo.onnx", "cpu", timings, AnalysisStatus.ANALYZED, null, "2026-02-10T00:00:00Z", 60,
                "analysis/job-1/v-1.clips.jsonl", 1, 2, null);
        VideoAnalyzed local = new VideoAnalyzed(1, "job-1", "v-2", null, "local", null, "in/b.mkv", null, "seek", 1.0, 0, 0,
                null, null, null, null, AnalysisStatus.DECODE_FAILED, "bad \"frame\"", null, 0, null, 0, 0, null);
        for (VideoEntry entry : List.of(VideoEntry.pending("job-1\u0000key"),
                VideoEntry.analyzed(analysis, 60, analysis.clipsPath(), false, List.of(1_770_681_600L, 1_770_685_200L), null, 0.25),
                VideoEntry.analyzed(local, 0, null, true, List.of(), "cannot read clips x: gone", null))) {
            VideoEntry back = RowCodec.readVideo(RowCodec.write(entry));
            assertThat(codec.write(back)).isEqualTo(codec.write(entry));
            assertThat(back.analysis()).isEqualTo(entry.analysis());
            assertThat(back.clipHours()).isEqualTo(entry.clipHours());
        }
        assertThat(List.copyOf(RowCodec.readVideo(RowCodec.write(VideoEntry.analyzed(analysis, 60, null, false, List.of(), null, null)))
                .analysis().timingsMs().keySet())).as("timings keep their order").containsExactly("decode", "infer", "a-last");
    }

    @Test
    void anAnalysisWithItsClipsIsNotStored() {
        VideoAnalyzed withSums = new VideoAnalyzed(2, "job-1", "v-1", null, "local", null, "in/b.mkv", null, "seek", 1.0, 0, 0,
                null, null, null, null, AnalysisStatus.ANALYZED, null, null, 0, null, 0, 0,
                List.of(new ClipSums(null, 0, 0, 0, null, Map.of())));
        assertThatThrownBy(() -> RowCodec.write(VideoEntry.analyzed(withSums, 0, null, false, List.of(), null, null)))
                .hasMessageContaining("v-1");
    }

    @Test
    void hourRowsComeBackFieldForField() {
        HourBucket empty = new HourBucket();
        HourBucket hour = new HourBucket();
        hour.downloadedSeconds = 3600;
        hour.analyzedSeconds = 1800;
        ClipStats first = new ClipStats();
        first.add(new ClipSums(1_770_681_600L, 6, 2.5, 5, 0.9,
                Map.of("person", new ClipSums.ClassSums(3, 1.25, 6), "car", new ClipSums.ClassSums(1, 0.5, 2))));
        ClipStats untimed = new ClipStats();
        untimed.add(new ClipSums(null, 2, 0, 0, null, null));
        hour.videos.put("v-b", first);
        hour.videos.put("v-a", untimed);
        for (HourBucket bucket : List.of(empty, hour)) {
            HourBucket back = RowCodec.readHour(RowCodec.write(bucket));
            assertThat(codec.write(back)).isEqualTo(codec.write(bucket));
            assertThat(back.empty()).isEqualTo(bucket.empty());
        }
        HourBucket back = RowCodec.readHour(RowCodec.write(hour));
        assertThat(back.clips().activityMax()).isEqualTo(0.9);
        assertThat(back.clips().classes().get("person").max()).isEqualTo(3);
        assertThat(back.videos().get("v-a").activityMean()).isNull();
    }

    @Test
    void aRowThatIsNotOneIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RowCodec.readHour(new byte[]{9, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hour row of unknown version 9");
        assertThatThrownBy(() -> RowCodec.readVideo(new byte[]{1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a video row");
        byte[] chunk = RowCodec.write(new DownloadRecorded(2, "job-1", "c-1", null, null, null, null, DownloadStatus.DOWNLOADED,
                0, null, null, null, false, null, null));
        String text = new String(chunk, java.nio.charset.StandardCharsets.ISO_8859_1).replace("downloaded", "exploded!!");
        assertThatThrownBy(() -> RowCodec.readChunk(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                .hasMessageContaining("unknown download status exploded!!");
    }
}
