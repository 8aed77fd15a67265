package io.vidsift.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FaultPlanTest {

    @Test
    void anOutageWindowHitsEveryRequestUntilItEnds() throws InterruptedException {
        Scenario s = new ScenarioLoader().parse("faults: [{kind: http_5xx, target: address, for_seconds: 0.2}]");
        assertThat(s.faults().get(0).forMillis()).isEqualTo(200);
        FaultPlan plan = new FaultPlan(s.faults(), 1);
        // The window opens at the first request of any kind: these follow at once, well inside it.
        for (int i = 0; i < 5; i++) {
            assertThat(plan.pick(FaultRule.Target.ADDRESS, "A")).isPresent();
        }
        assertThat(plan.pick(FaultRule.Target.DOWNLOAD, "A")).as("another target").isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (plan.pick(FaultRule.Target.ADDRESS, "A").isPresent()) {
            assertThat(System.nanoTime()).as("the window closes").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(plan.pick(FaultRule.Target.ADDRESS, "A")).as("and stays closed").isEmpty();
    }

    @Test
    void aScriptWithoutAWindowFiresOnlyOnItsNumbers() {
        FaultPlan plan = new FaultPlan(java.util.List.of(new FaultRule(FaultKind.HTTP_5XX, FaultRule.Target.ADDRESS, null,
                Set.of(2), 0, 503, null, null, 0)), 1);
        assertThat(plan.pick(FaultRule.Target.ADDRESS, "A")).isEmpty();
        assertThat(plan.pick(FaultRule.Target.ADDRESS, "A")).isPresent();
        assertThat(plan.pick(FaultRule.Target.ADDRESS, "A")).isEmpty();
    }
}
