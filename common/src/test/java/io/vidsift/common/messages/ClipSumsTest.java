package io.vidsift.common.messages;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClipSumsTest {

    /** 2026-02-03 01:00:00 UTC, a quarter-hour boundary. */
    private static final long T = 1_770_080_400L;
    private static final CloudWindow WINDOW = new CloudWindow("DEV1", 1, "front", T, T + 3600, T, T + 3600);

    private static ClipResult clip(int index, long wallStartSeconds, Double activity, Map<String, ClassStats> counts) {
        Long wall = wallStartSeconds < 0 ? null : wallStartSeconds * 1000;
        return new ClipResult(index, index * 10, index * 10 + 10, wall, wall == null ? null : wall + 10_000, 10, false, activity,
                null, counts, 0, null, null, null);
    }

    @Test
    void clipsAreSummedPerQuarterHourOfTheirWallStart() {
        List<ClipResult> clips = List.of(
                clip(0, T + 890, 0.25, Map.of("person", new ClassStats(2, 0.5))),
                clip(1, T + 899, null, Map.of("person", new ClassStats(5, 1.5), "car", new ClassStats(1, 0.25))),
                clip(2, T + 900, 0.75, null),
                clip(3, T + 1790, 0.5, Map.of("car", new ClassStats(3, 2.0))));

        List<ClipSums> sums = ClipSums.of(WINDOW, clips);

        assertThat(sums).containsExactly(
                new ClipSums(T, 2, 0.25, 1, 0.25, Map.of("person", new ClipSums.ClassSums(5, 2.0, 2),
                        "car", new ClipSums.ClassSums(1, 0.25, 1))),
                new ClipSums(T + 900, 2, 1.25, 2, 0.75, Map.of("car", new ClipSums.ClassSums(3, 2.0, 1))));
        assertThat(ClipSums.total(sums)).isEqualTo(4);
    }

    @Test
    void clipsWithoutWallTimeComeLastWithoutAStart() {
        List<ClipResult> clips = List.of(clip(0, -1, 0.5, null), clip(1, T + 10, 0.25, null), clip(2, -1, 0.75, null));

        List<ClipSums> sums = ClipSums.of(null, clips);

        assertThat(sums).containsExactly(new ClipSums(T, 1, 0.25, 1, 0.25, Map.of()), new ClipSums(null, 2, 1.25, 2, 0.75, Map.of()));
    }

    @Test
    void aClipWithoutItsOwnWallTimeIsPlacedByTheWindowLikeEveryReaderDoes() {
        ClipResult offsetOnly = new ClipResult(0, 905, 915, null, null, 10, false, 0.5, null, null, 0, null, null, null);

        assertThat(ClipSums.of(WINDOW, List.of(offsetOnly))).extracting(ClipSums::start).containsExactly(T + 900);
    }

    @Test
    void aClassWithoutFiguresAddsNothing() {
        Map<String, ClassStats> counts = new java.util.HashMap<>();
        counts.put("car", null);
        counts.put("person", new ClassStats(3, 1.5));
        List<ClipSums> sums = ClipSums.of(WINDOW, List.of(clip(0, T + 10, 0.5, counts)));
        assertThat(sums).hasSize(1);
        assertThat(sums.get(0).clips()).isEqualTo(1);
        assertThat(sums.get(0).classes()).containsOnlyKeys("person");
    }

    @Test
    void noClipsNoSums() {
        assertThat(ClipSums.of(WINDOW, List.of())).isEmpty();
    }

    @Test
    void sumsRoundTripThroughTheCodecInVideoAnalyzed() {
        MessageCodec codec = new MessageCodec();
        List<ClipSums> sums = ClipSums.of(WINDOW, List.of(clip(0, T, 0.5, Map.of("person", new ClassStats(1, 1.0)))));
        VideoAnalyzed analysed = new VideoAnalyzed(Schema.VERSION, "job", "v", "c", "hik_cloud", WINDOW, "downloads/a.mp4", null,
                "keyframes", 1.0, 10, 0, null, "activity", "cpu", Map.of(), AnalysisStatus.ANALYZED, null, "2026-02-03T01:00:00Z",
                1, "out/analysis/v.clips.jsonl", 0, 0, sums);

        String json = codec.write(analysed);

        assertThat(json).contains("\"clip_sums\":[{\"start\":" + T + ",\"clips\":1,");
        assertThat(codec.read(json, VideoAnalyzed.class)).isEqualTo(analysed);
    }
}
