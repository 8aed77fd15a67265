package io.vidsift.analyzer.frames;

import io.vidsift.analyzer.TestVideos;
import io.vidsift.analyzer.probe.ProbeOutcome;
import io.vidsift.analyzer.probe.VideoProber;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sampler on generated footage (15 fps, key frame every 2 s, B-frames). */
class FrameSamplerTest {

    private final Path moving = TestVideos.file("moving.mp4");

    @Test
    void exactSamplesLandWithinAFrameOrTwoOfEachSlotAndSkipWhatNoSampleNeeds() throws Exception {
        ProbeOutcome probe = new VideoProber().probe(moving);
        assertThat(probe.gopSeconds()).isEqualTo(2.0);
        SamplingPlan plan = new SamplingPlan(SamplingMode.EXACT, 1.0, 60, 61, 0, 15.0, probe.gopSeconds(), 0, null, 1);
        List<Double> offsets = new ArrayList<>();

        SamplingReport report = new FrameSampler().sample(moving, plan, frame -> offsets.add(frame.offsetSeconds()));

        assertThat(offsets).hasSize(60);
        for (int k = 0; k < offsets.size(); k++) {
            assertThat(offsets.get(k)).as("sample %d", k).isBetween((double) k, k + 2.0 / 15 + 1e-6);
        }
        // 900 frames in the file: non-reference B-frames and the second half of each GOP are never decoded.
        assertThat(report.decoded()).isLessThan(450);
        assertThat(report.dropped()).isZero();
    }

    @Test
    void keyframeSamplingDecodesKeyFramesOnly() throws Exception {
        SamplingPlan plan = new SamplingPlan(SamplingMode.KEYFRAMES, 1.0, 60, 61, 0, 15.0, 2.0, 0, null, 1);
        List<Double> offsets = new ArrayList<>();

        SamplingReport report = new FrameSampler().sample(moving, plan, frame -> offsets.add(frame.offsetSeconds()));

        assertThat(report.decoded()).isEqualTo(30);
        assertThat(offsets).hasSize(30).allSatisfy(o -> assertThat(o % 2.0).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6)));
        assertThat(report.effectiveFps()).isEqualTo(0.5);
    }

    @Test
    void withoutAGopNothingIsJumpedOver() throws Exception {
        SamplingPlan plan = new SamplingPlan(SamplingMode.EXACT, 1.0, 60, 61, 0, 15.0, null, 0, null, 1);
        List<Double> offsets = new ArrayList<>();

        SamplingReport report = new FrameSampler().sample(moving, plan, frame -> offsets.add(frame.offsetSeconds()));

        assertThat(offsets).hasSize(60);
        // This footage's P-frames never predict from its reference B-frames (x264, one reference frame), so every
        // B-frame is skipped (BidirCheck) and every I- and P-frame of the file is decoded: no GOP tail is cut.
        assertThat(report.frameSkip()).isEqualTo("bidir");
        assertThat(report.decoded()).isEqualTo(BidirCheckTest.framesOtherThanB(moving));
    }

    @Test
    void sparseSamplingSeeksOverWholeGops() throws Exception {
        // One sample per 10 s with a key frame every 2 s: seek to each slot instead of decoding four GOPs between.
        SamplingPlan plan = new SamplingPlan(SamplingMode.EXACT, 0.1, 60, SamplingPlan.cap(60, 0.1), 0, 15.0, 2.0, 0, null, 1);
        assertThat(plan.seekBetweenSamples()).isTrue();
        List<Double> offsets = new ArrayList<>();

        SamplingReport report = new FrameSampler().sample(moving, plan, frame -> offsets.add(frame.offsetSeconds()));

        assertThat(offsets).hasSize(6);
        for (int k = 0; k < offsets.size(); k++) {
            assertThat(offsets.get(k)).as("sample %d", k).isBetween(10.0 * k, 10.0 * k + 2.0 / 15 + 1e-6);
        }
        assertThat(report.decoded()).isLessThan(200);
    }
}
