package io.vidsift.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void noEstimateUntilSomethingHasFinished() {
        ProgressRate rate = new ProgressRate();
        assertThat(rate.describe()).isEqualTo("eta --");
        rate.observe(0, 0.0, 0);
        rate.observe(5 * SECOND, 0.0, 0);
        assertThat(rate.describe()).isEqualTo("eta --");
    }

    @Test
    void rateIsItemsPerSecondAndEtaFollowsTheProgressRate() {
        ProgressRate rate = new ProgressRate();
        rate.observe(0, 0.0, 0);
        rate.observe(10 * SECOND, 0.25, 20);
        // 20 items in 10 s; a quarter done in 10 s leaves three quarters: 30 s.
        assertThat(rate.describe()).isEqualTo("2.0/s eta 0:30");
    }

    @Test
    void slowJobsShowItemsPerMinuteAndHours() {
        ProgressRate rate = new ProgressRate();
        rate.observe(0, 0.0, 0);
        rate.observe(60 * SECOND, 0.01, 3);
        assertThat(rate.describe()).isEqualTo("3/min eta 1:39:00");
    }

    @Test
    void theEstimateForgetsWhatIsOlderThanTheWindow() {
        ProgressRate rate = new ProgressRate();
        rate.observe(0, 0.0, 0);
        rate.observe(100 * SECOND, 0.5, 500);
        rate.observe(200 * SECOND, 0.5, 500);
        rate.observe(230 * SECOND, 0.6, 530);
        // The fast start (5/s) is forgotten: the window starts at 100 s, the newest sample at or before 230 - 60 s
        // that leaves a full window. 30 items and 0.1 in 130 s: 14/min, 0.4 left takes 520 s.
        assertThat(rate.describe()).isEqualTo("14/min eta 8:40");
    }

    @Test
    void clockFormats() {
        assertThat(ProgressRate.clock(0)).isEqualTo("0:00");
        assertThat(ProgressRate.clock(61)).isEqualTo("1:01");
        assertThat(ProgressRate.clock(3600 + 62)).isEqualTo("1:01:02");
    }
}
