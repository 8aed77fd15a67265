package io.vidsift.analyzer.frames;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SamplingModeTest {

    @Test
    void autoPicksKeyframesOnlyWhenKeyFramesComeAtLeastOncePerInterval() {
        assertThat(SamplingMode.AUTO.resolve(1.0, 1.0)).isEqualTo(SamplingMode.KEYFRAMES);
        assertThat(SamplingMode.AUTO.resolve(0.5, 1.0)).isEqualTo(SamplingMode.KEYFRAMES);
        assertThat(SamplingMode.AUTO.resolve(2.0, 1.0)).isEqualTo(SamplingMode.EXACT);
        assertThat(SamplingMode.AUTO.resolve(2.0, 0.5)).isEqualTo(SamplingMode.KEYFRAMES);
        assertThat(SamplingMode.AUTO.resolve(null, 1.0)).isEqualTo(SamplingMode.EXACT);
        assertThat(SamplingMode.EXACT.resolve(0.5, 1.0)).isEqualTo(SamplingMode.EXACT);
        assertThat(SamplingMode.KEYFRAMES.resolve(4.0, 1.0)).isEqualTo(SamplingMode.KEYFRAMES);
    }

    @Test
    void skipsAndSeeksOnlyWhenNoSampleNeedsTheSkippedFrames() {
        SamplingPlan oneFps = new SamplingPlan(SamplingMode.EXACT, 1.0, 600, 601, 0, 25.0, 2.0, 0, null, 1);
        SamplingPlan everyFrame = new SamplingPlan(SamplingMode.EXACT, 25.0, 600, 15001, 0, 25.0, 2.0, 0, null, 1);
        SamplingPlan sparse = new SamplingPlan(SamplingMode.EXACT, 0.1, 600, 61, 0, 25.0, 2.0, 0, null, 1);

        assertThat(oneFps.skipNonReference()).isTrue();
        assertThat(oneFps.seekBetweenSamples()).isFalse();
        assertThat(everyFrame.skipNonReference()).isFalse();
        assertThat(sparse.seekBetweenSamples()).isTrue();
    }
}
