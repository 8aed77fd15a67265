package io.vidsift.cli;

import io.vidsift.common.config.ConfigLoader;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.config.SourceMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples the README points at load as they are. */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("vidsift.home", ".."), "examples");

    @Test
    void demoIsTwoCamerasForThreeHoursWithClientCredentials() {
        JobConfig demo = new ConfigLoader().load(EXAMPLES.resolve("demo.yaml")).job();
        assertThat(demo.mode()).isEqualTo(SourceMode.HIK_CLOUD);
        assertThat(demo.hikCloud().devices()).hasSize(2);
        assertThat(demo.hikCloud().timeRanges().get(0).seconds()).isEqualTo(3 * 3600);
        assertThat(demo.hikCloud().clientIdEnv()).isEqualTo("VIDSIFT_DEMO_CLIENT_ID");
        assertThat(DemoCommand.DEMO_CREDENTIALS).containsKeys(demo.hikCloud().clientIdEnv(), demo.hikCloud().clientSecretEnv());
    }

    @Test
    void localAndRealApiTemplatesLoad() {
        assertThat(new ConfigLoader().load(EXAMPLES.resolve("local.yaml")).job().mode()).isEqualTo(SourceMode.LOCAL);
        var real = new ConfigLoader().load(EXAMPLES.resolve("hik-cloud.yaml"));
        assertThat(real.literalAccessToken()).isEmpty();
        assertThat(real.job().hikCloud().accessTokenEnv()).isEqualTo("HIK_CLOUD_ACCESS_TOKEN");
    }
}
