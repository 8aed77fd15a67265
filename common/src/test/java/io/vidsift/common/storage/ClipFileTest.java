package io.vidsift.common.storage;

import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoAnalyzed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipFileTest {

    private final MessageCodec codec = new MessageCodec();
    private final ClipFile clipFile = new ClipFile(codec);

    @Test
    void rowsComeBackInOrderOnePerLine(@TempDir Path out) throws IOException {
        List<ClipResult> clips = List.of(
                new ClipResult(0, 0, 10, 1_000L, 11_000L, 10, false, 0.1, List.of(0.0, 0.2), Map.of("person", new ClassStats(2, 1.5)), 0, 4.0, 0.3, "out/analysis/v.peak0000.jpg"),
                new ClipResult(1, 10, 15, 11_000L, 16_000L, 5, true, null, null, null, 0, null, null, null));
        Path file = ClipFile.under(out, "v-1");

        clipFile.write(file, clips);

        assertThat(file).isEqualTo(out.resolve("analysis/v-1.clips.jsonl"));
        assertThat(Files.readAllLines(file)).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"index\":"));
        List<ClipResult> read = new ArrayList<>();
        clipFile.read(file, read::add);
        assertThat(read).isEqualTo(clips);
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void aBadRowNamesTheFile(@TempDir Path out) throws IOException {
        Path file = out.resolve("broken.clips.jsonl");
        Files.writeString(file, "{\"index\":0}\nnot json\n");

        assertThatThrownBy(() -> clipFile.read(file, clip -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
    }

    @Test
    void schemaOneRecordsStillCountTheirInlineClips() {
        String v1 = "{\"schema\":1,\"job_id\":\"j\",\"video_id\":\"v\",\"status\":\"analyzed\","
                + "\"clips\":[{\"index\":0,\"start_offset\":0,\"end_offset\":10,\"frames\":10}]}";
        VideoAnalyzed old = codec.read(v1, VideoAnalyzed.class);

        assertThat(old.clipsPath()).isNull();
        assertThat(old.clips()).hasSize(1);
        assertThat(old.clipTotal()).isEqualTo(1);

        String v2 = "{\"schema\":2,\"job_id\":\"j\",\"video_id\":\"v\",\"status\":\"analyzed\",\"clip_count\":6,"
                + "\"clips_path\":\"out/analysis/v.clips.jsonl\"}";
        VideoAnalyzed current = codec.read(v2, VideoAnalyzed.class);
        assertThat(current.clips()).isNull();
        assertThat(current.clipTotal()).isEqualTo(6);
    }
}
