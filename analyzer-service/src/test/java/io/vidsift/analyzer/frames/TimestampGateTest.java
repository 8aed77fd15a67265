package io.vidsift.analyzer.frames;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.vidsift.analyzer.frames.TimestampGate.Decision.DROP;
import static io.vidsift.analyzer.frames.TimestampGate.Decision.FULL;
import static io.vidsift.analyzer.frames.TimestampGate.Decision.KEEP;
import static io.vidsift.analyzer.frames.TimestampGate.Decision.SKIP;
import static org.assertj.core.api.Assertions.assertThat;

class TimestampGateTest {

    @Test
    void keepsTheFirstFrameOfEachSlot() {
        TimestampGate gate = new TimestampGate(1.0, 0, 600, SamplingPlan.cap(600, 1.0));
        List<Double> kept = new ArrayList<>();
        for (int i = 0; i < 25 * 10; i++) {
            double ts = i / 25.0;
            if (gate.offer(ts) == KEEP) {
                kept.add(ts);
            }
        }
        assertThat(kept).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
        assertThat(gate.dropped()).isZero();
    }

    @Test
    void measuresOffsetsFromTheContainerStart() {
        TimestampGate gate = new TimestampGate(1.0, 1.4, 600, 601);
        assertThat(gate.offer(1.4)).isEqualTo(KEEP);
        assertThat(gate.offer(2.0)).isEqualTo(SKIP);
        assertThat(gate.offer(2.4)).isEqualTo(KEEP);
        assertThat(gate.offset(2.4)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void neverDuplicatesAFrameToFillAGap() {
        TimestampGate gate = new TimestampGate(1.0, 0, 600, 601);
        assertThat(gate.offer(0)).isEqualTo(KEEP);
        assertThat(gate.offer(10.5)).isEqualTo(KEEP);
        assertThat(gate.offer(10.9)).isEqualTo(SKIP);
        assertThat(gate.offer(11.0)).isEqualTo(KEEP);
        assertThat(gate.kept()).isEqualTo(3);
    }

    @Test
    void dropsBackwardsAndAbsurdTimestamps() {
        TimestampGate gate = new TimestampGate(1.0, 0, 60, 61);
        assertThat(gate.offer(5)).isEqualTo(KEEP);
        assertThat(gate.offer(4)).isEqualTo(DROP);
        assertThat(gate.offer(5)).isEqualTo(DROP);
        assertThat(gate.offer(-30)).isEqualTo(DROP);
        assertThat(gate.offer(10_860)).isEqualTo(DROP);
        assertThat(gate.offer(Double.NaN)).isEqualTo(DROP);
        assertThat(gate.offer(6)).isEqualTo(KEEP);
        assertThat(gate.dropped()).isEqualTo(5);
    }

    @Test
    void stopsAtTheCapWhateverTheTimestampsSay() {
        // 25 fps of frames whose timestamps claim 1 s apart: without a cap, a 60 s chunk would yield 1500 samples.
        int cap = SamplingPlan.cap(60, 1.0);
        TimestampGate gate = new TimestampGate(1.0, 0, 1_000_000, cap);
        int kept = 0;
        TimestampGate.Decision last = null;
        for (int i = 0; i < 1500 && last != FULL; i++) {
            last = gate.offer(i);
            if (last == KEEP) {
                kept++;
            }
        }
        assertThat(cap).isEqualTo(61);
        assertThat(kept).isEqualTo(61);
        assertThat(last).isEqualTo(FULL);
    }

    @Test
    void capIsCeilOfDurationTimesRatePlusOne() {
        assertThat(SamplingPlan.cap(600, 1.0)).isEqualTo(601);
        assertThat(SamplingPlan.cap(600.2, 1.0)).isEqualTo(602);
        assertThat(SamplingPlan.cap(600, 0.5)).isEqualTo(301);
        assertThat(SamplingPlan.cap(10, 2.0)).isEqualTo(21);
    }

    @Test
    void aSegmentGateStartsAtItsFirstSlotAndEndsAtTheNextSegment() {
        TimestampGate gate = new TimestampGate(1.0, 0, 600, 300, 300, 600);
        assertThat(gate.offer(299.5)).isEqualTo(SKIP);
        assertThat(gate.offer(300.04)).isEqualTo(KEEP);
        assertThat(gate.offer(300.5)).isEqualTo(SKIP);
        assertThat(gate.offer(301.0)).isEqualTo(KEEP);
        assertThat(gate.offer(600.0)).isEqualTo(TimestampGate.Decision.END);
        assertThat(gate.dropped()).isZero();
    }

    @Test
    void segmentCapsAddUpToTheCap() {
        SamplingPlan plan = new SamplingPlan(SamplingMode.EXACT, 1.0, 600, 601, 0, 25.0, 2.0, 0, null, 3);
        assertThat(plan.segmentBounds()).containsExactly(0, 200, 400, Double.POSITIVE_INFINITY);
        assertThat(plan.segmentCaps()).containsExactly(200, 200, 201);
        SamplingPlan odd = new SamplingPlan(SamplingMode.EXACT, 2.0, 61, SamplingPlan.cap(61, 2.0), 0, 25.0, 2.0, 0, null, 2);
        assertThat(java.util.Arrays.stream(odd.segmentCaps()).sum()).isEqualTo(odd.maxFrames());
    }
}
