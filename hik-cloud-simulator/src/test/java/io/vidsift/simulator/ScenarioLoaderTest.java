package io.vidsift.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioLoaderTest {

    private final ScenarioLoader loader = new ScenarioLoader();

    @Test
    void readsTheDemoScenario() {
        Scenario demo = loader.loadResource(SimulatorApp.DEMO);
        assertThat(demo.cameras()).extracting(Scenario.Camera::deviceSerial).containsExactly("DEMO_A", "DEMO_B");
        // 2026-02-03 09:20 and 09:40 in Asia/Shanghai.
        assertThat(demo.camera("DEMO_B", 1).orElseThrow().recordings().get(0).end()).isEqualTo(1_770_081_600L);
        assertThat(demo.camera("DEMO_B", 1).orElseThrow().recordings().get(1).begin()).isEqualTo(1_770_082_800L);
        assertThat(demo.token().staticTokens()).containsExactly("demo-token");
    }

    @Test
    void readsFaultsByScriptAndByRate() {
        Scenario s = loader.parse("""
                faults:
                  - {kind: http_5xx, target: download, requests: [1, 3], status: 504}
                  - {kind: rate-limit, rate: 0.5, device_serial: X}
                """);
        assertThat(s.faults()).hasSize(2);
        assertThat(s.faults().get(0).kind()).isEqualTo(FaultKind.HTTP_5XX);
        assertThat(s.faults().get(0).target()).isEqualTo(FaultRule.Target.DOWNLOAD);
        assertThat(s.faults().get(0).requests()).containsExactlyInAnyOrder(1, 3);
        assertThat(s.faults().get(1).kind()).isEqualTo(FaultKind.RATE_LIMIT);
        assertThat(s.faults().get(1).target()).isEqualTo(FaultRule.Target.ADDRESS);
    }

    @Test
    void namesTheKeyThatIsWrong() {
        assertThatThrownBy(() -> loader.parse("faults: [{kind: http_5xx, requets: [1]}]"))
                .hasMessageContaining("faults[0].requets: unknown key");
        assertThatThrownBy(() -> loader.parse("faults: [{kind: explode, requests: [1]}]"))
                .hasMessageContaining("faults[0]: unknown kind");
        assertThatThrownBy(() -> loader.parse("faults: [{kind: hang}]"))
                .hasMessageContaining("faults[0]: needs requests");
        assertThatThrownBy(() -> loader.parse("devices: [{device_serial: A, recordings: [{begin: 10, end: 5}]}]"))
                .hasMessageContaining("devices[0].recordings[0].end: must be after begin");
        assertThatThrownBy(() -> loader.parse("video: {width: 100}"))
                .hasMessageContaining("video: video width/height must be multiples of 16");
    }

    @Test
    void faultPlanFollowsTheScriptPerRule() {
        Scenario s = loader.parse("""
                faults:
                  - {kind: http_5xx, device_serial: A, requests: [2]}
                  - {kind: malformed_json, requests: [1]}
                """);
        FaultPlan plan = new FaultPlan(s.faults(), 1);
        assertThat(plan.pick(FaultRule.Target.ADDRESS, "A")).map(FaultRule::kind).hasValue(FaultKind.MALFORMED_JSON);
        assertThat(plan.pick(FaultRule.Target.ADDRESS, "A")).map(FaultRule::kind).hasValue(FaultKind.HTTP_5XX);
        assertThat(plan.pick(FaultRule.Target.ADDRESS, "A")).isEmpty();
        assertThat(plan.pick(FaultRule.Target.DOWNLOAD, "A")).isEmpty();
    }
}
