package io.vidsift.analyzer.clips;

import io.vidsift.analyzer.inference.FrameScore;
import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClipBuilderTest {

    @Test
    void groupsFramesIntoWindowsWithWallClockTimes() {
        List<FrameScore> frames = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            frames.add(new FrameScore(i, i, i == 0 ? null : (i >= 10 && i < 20 ? 0.5 : 0.0), null, Map.of(), List.of()));
        }
        List<ClipResult> clips = new ClipBuilder(10, 1_000L).build(frames, 25);

        assertThat(clips).hasSize(3);
        assertThat(clips.get(0).activity()).isEqualTo(0.0);
        assertThat(clips.get(0).frames()).isEqualTo(10);
        assertThat(clips.get(1).activity()).isEqualTo(0.5);
        assertThat(clips.get(1).wallStart()).isEqualTo(1_010_000L);
        assertThat(clips.get(1).wallEnd()).isEqualTo(1_020_000L);
        assertThat(clips.get(2).partial()).isTrue();
        assertThat(clips.get(2).endOffset()).isEqualTo(25.0);
        assertThat(clips.get(2).frames()).isEqualTo(5);
        assertThat(clips.get(2).wallEnd()).isEqualTo(1_025_000L);
    }

    @Test
    void localVideosHaveNoWallClock() {
        List<ClipResult> clips = new ClipBuilder(10, null).build(List.of(new FrameScore(0, 0, null, null, Map.of(), List.of())), 10);
        assertThat(clips).singleElement().satisfies(c -> {
            assertThat(c.wallStart()).isNull();
            assertThat(c.partial()).isFalse();
            assertThat(c.activity()).isNull();
        });
    }

    @Test
    void detectorCountsBecomePerClipMaxAndMean() {
        List<FrameScore> frames = List.of(
                new FrameScore(0, 0, null, null, Map.of("person", 1, "car", 0), List.of()),
                new FrameScore(1, 1, null, null, Map.of("person", 3, "car", 0), List.of()),
                new FrameScore(2, 2, null, null, Map.of("person", 2, "car", 1), List.of()),
                new FrameScore(3, 3, null, null, Map.of("person", 0, "car", 0), List.of()));
        ClipResult clip = new ClipBuilder(10, null).build(frames, 4).get(0);

        assertThat(clip.counts()).containsEntry("person", new ClassStats(3, 1.5)).containsEntry("car", new ClassStats(1, 0.25));
        assertThat(clip.partial()).isTrue();
    }

    @Test
    void aSceneChangeIsCountedNotAveragedAndThePeakIsTheBusiestOtherFrame() {
        float[] everywhere = new float[16];
        java.util.Arrays.fill(everywhere, 0.9f);
        float[] corner = new float[16];
        corner[0] = 0.8f;
        List<FrameScore> frames = List.of(
                new FrameScore(0, 0, null, null, Map.of(), List.of()),
                new FrameScore(1, 1, 0.001, new float[16], Map.of(), List.of()),
                new FrameScore(2, 2, 0.9, everywhere, Map.of(), List.of()),
                new FrameScore(3, 3, 0.05, corner, Map.of(), List.of()),
                new FrameScore(4, 4, 0.002, new float[16], Map.of(), List.of()));

        ClipResult clip = new ClipBuilder(10, null).build(frames, 10).get(0);

        assertThat(clip.sceneChanges()).isEqualTo(1);
        assertThat(clip.activity()).isEqualTo(round((0.001 + 0.05 + 0.002) / 3));
        assertThat(clip.peakOffset()).isEqualTo(3.0);
        assertThat(clip.peakActivity()).isEqualTo(0.05);
        assertThat(clip.thumbnail()).isNull();
        // A big but local change (a person close to the lens) is activity, not a scene change.
        assertThat(SceneChange.is(new FrameScore(5, 5, 0.6, half(), Map.of(), List.of()))).isFalse();
    }

    private static float[] half() {
        float[] g = new float[16];
        for (int i = 0; i < 8; i++) {
            g[i] = 1f;
        }
        return g;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
