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
        assertThat(gate.lastOffset()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
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
    void dropsDuplicatedAndReorderedTimestamps() {
        TimestampGate gate = new TimestampGate(1.0, 0, 60, 61);
        assertThat(gate.offer(5)).isEqualTo(KEEP);
        assertThat(gate.offer(4.5)).isEqualTo(DROP);
        assertThat(gate.offer(5)).isEqualTo(DROP);
        assertThat(gate.offer(Double.NaN)).isEqualTo(DROP);
        assertThat(gate.offer(6)).isEqualTo(KEEP);
        assertThat(gate.dropped()).isEqualTo(3);
        assertThat(gate.reanchored()).isZero();
    }

    @Test
    void absurdFirstTimestampsAreDropped() {
        TimestampGate gate = new TimestampGate(1.0, 0, 60, 61);
        assertThat(gate.offer(-30)).isEqualTo(DROP);
        assertThat(gate.offer(10_860)).isEqualTo(DROP);
        assertThat(gate.offer(0)).isEqualTo(KEEP);
        assertThat(gate.reanchored()).isZero();
    }

    @Test
    void aTimestampResetReAnchorsAndKeepsTheFramesAfterIt() {
        // Two 30 s recorder segments glued together: the second starts again at 0.
        TimestampGate gate = new TimestampGate(1.0, 0, 60, 61, 0, Double.POSITIVE_INFINITY, 0.02, 0.04, false);
        List<Double> kept = new ArrayList<>();
        for (int part = 0; part < 2; part++) {
            for (int i = 0; i < 30 * 25; i++) {
                if (gate.offer(i / 25.0) == KEEP) {
                    kept.add(gate.lastOffset());
                }
            }
        }
        assertThat(gate.reanchored()).isEqualTo(1);
        assertThat(gate.dropped()).isZero();
        assertThat(kept).hasSize(60);
        // The second part continues one source frame after the first part's last frame (29.96 s).
        assertThat(kept.get(30)).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(kept.get(59)).isCloseTo(59.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aJumpPastTheExpectedEndReAnchorsButAGapInsideItIsKept() {
        TimestampGate gate = new TimestampGate(1.0, 0, 600, 601, 0, Double.POSITIVE_INFINITY, 0.02, 0.04, false);
        assertThat(gate.offer(0)).isEqualTo(KEEP);
        assertThat(gate.offer(1)).isEqualTo(KEEP);
        // A recording gap inside the chunk: real time passed, offsets follow it.
        assertThat(gate.offer(300)).isEqualTo(KEEP);
        assertThat(gate.lastOffset()).isEqualTo(300.0);
        // A clock jump of three hours: re-anchored right after the last good frame.
        assertThat(gate.offer(300 + 3 * 3600)).isEqualTo(SKIP);
        assertThat(gate.lastOffset()).isCloseTo(300.04, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gate.offer(301 + 3 * 3600)).isEqualTo(KEEP);
        assertThat(gate.lastOffset()).isCloseTo(301.04, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gate.reanchored()).isEqualTo(1);
        assertThat(gate.dropped()).isZero();
    }

    @Test
    void framesRunningPastTheExpectedEndAreDroppedNotReAnchored() {
        TimestampGate gate = new TimestampGate(1.0, 0, 10, 100, 0, Double.POSITIVE_INFINITY, 0.02, 0.04, false);
        int kept = 0;
        for (int i = 0; i < 20 * 25; i++) {
            if (gate.offer(i / 25.0) == KEEP) {
                kept++;
            }
        }
        assertThat(kept).isEqualTo(12);
        assertThat(gate.reanchored()).isZero();
        assertThat(gate.dropped()).isPositive();
    }

    @Test
    void keyFramesWithJitterFillTheNearestSlot() {
        // A 1 s GOP whose key frames come a few milliseconds early or late, as camera clocks do: every second
        // gets its sample (first-at-or-after-the-slot lost about a quarter of them).
        TimestampGate gate = new TimestampGate(1.0, 0, 600, 601, 0, Double.POSITIVE_INFINITY, 0.5, 0.04, false);
        java.util.Random random = new java.util.Random(7);
        int kept = 0;
        for (int i = 0; i < 600; i++) {
            double jitter = (random.nextInt(7) - 3) / 1000.0;
            if (gate.offer(Math.max(0, i + jitter)) == KEEP) {
                kept++;
            }
        }
        assertThat(kept).isEqualTo(600);
    }

    @Test
    void exactModeTakesTheFrameNearestTheSlotNotHalfASecondEarly() {
        TimestampGate gate = new TimestampGate(1.0, 0, 600, 601, 0, Double.POSITIVE_INFINITY, 0.02, 0.04, false);
        List<Double> kept = new ArrayList<>();
        for (int i = 0; i < 25 * 3; i++) {
            double ts = i / 25.0 - 0.001;
            if (gate.offer(Math.max(0, ts)) == KEEP) {
                kept.add(Math.round(gate.lastOffset() * 1000) / 1000.0);
            }
        }
        assertThat(kept).containsExactly(0.0, 0.999, 1.999);
    }

    @Test
    void aLaterSegmentAlsoKeepsTheSlotBeforeItAsPredecessor() {
        TimestampGate gate = new TimestampGate(1.0, 0, 600, 300, 300, 600, 0.02, 0.04, true);
        assertThat(gate.nextSlotStart()).isCloseTo(298.98, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gate.offer(298.5)).isEqualTo(SKIP);
        assertThat(gate.offer(299.0)).isEqualTo(KEEP);
        assertThat(gate.keptPredecessor()).isTrue();
        assertThat(gate.kept()).isZero();
        assertThat(gate.offer(299.5)).isEqualTo(SKIP);
        assertThat(gate.offer(300.0)).isEqualTo(KEEP);
        assertThat(gate.keptPredecessor()).isFalse();
        assertThat(gate.kept()).isEqualTo(1);
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
