package io.vidsift.common.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code analysis.masks}: relative rectangles and polygons per camera, every mistake named by its path. */
class MaskConfigTest {

    private final ConfigLoader loader = new ConfigLoader();

    private static String withAnalysis(String analysis) {
        return InvalidConfigs.VALID + "analysis:\n" + analysis;
    }

    @Test
    void rectanglesAndPolygonsPerCamera() {
        AnalysisConfig analysis = loader.parse(withAnalysis("""
                  masks:
                    - device_serial: DEV-A1
                      regions:
                        - rect: [0.0, 0.0, 0.4, 0.08]
                        - polygon: [[0.5, 0.5], [0.9, 0.5], [0.7, 0.95]]
                    - device_serial: "*"
                      channel_no: 2
                      regions: [{rect: [0.8, 0.9, 0.2, 0.1]}]
                """)).job().analysis();

        List<MaskConfig> masks = analysis.masks();
        assertThat(masks).hasSize(2);
        assertThat(masks.get(0).regions()).hasSize(2);
        assertThat(masks.get(0).regions().get(0).rect()).containsExactly(0.0, 0.0, 0.4, 0.08);
        assertThat(masks.get(0).regions().get(1).polygon()).hasSize(3);
        assertThat(masks.get(0).appliesTo("DEV-A1", 7)).isTrue();
        assertThat(masks.get(0).appliesTo("DEV_B2", 2)).isFalse();
        assertThat(masks.get(1).appliesTo("DEV_B2", 2)).isTrue();
        assertThat(masks.get(1).appliesTo("DEV_B2", 1)).isFalse();
        assertThat(loader.parse(InvalidConfigs.VALID).job().analysis().masks()).isEmpty();
    }

    @Test
    void everyMistakeNamesItsField() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse(withAnalysis("""
                  masks:
                    - regions: [{rect: [0.0, 0.0, 0.4, 0.08]}]
                    - device_serial: DEV-A1
                      regions:
                        - rect: [0.7, 0.0, 0.4, 0.1]
                        - rect: [0, 0, 2, 0.1]
                        - polygon: [[0.1, 0.1], [0.2, 0.2]]
                        - {rect: [0, 0, 0.1, 0.1], polygon: [[0, 0], [1, 0], [1, 1]]}
                        - circle: [0.5, 0.5, 0.1]
                    - device_serial: DEV-A1
                      regoins: []
                """)));

        assertThat(e.problems()).extracting(ConfigProblem::path).contains(
                "analysis.masks[0].device_serial",
                "analysis.masks[1].regions[0].rect",
                "analysis.masks[1].regions[1].rect",
                "analysis.masks[1].regions[2].polygon",
                "analysis.masks[1].regions[3]",
                "analysis.masks[1].regions[4]",
                "analysis.masks[2].regoins",
                "analysis.masks[2].regions");
        assertThat(e.problems()).extracting(ConfigProblem::toString)
                .contains("analysis.masks[1].regions[1].rect: must be a list of 4 numbers between 0 and 1 (relative to the picture; was [0,0,2,0.1])");
    }
}
