package io.vidsift.cli;

import io.vidsift.common.config.ConfigLoader;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.LoadedConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What the CLI tells the downloader: the job's token settings and the one API host its token may go to. */
class DownloaderEnvTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("vidsift.home", ".."), "examples");

    static HikCloudConfig hik(String apiBaseUrl) {
        return new HikCloudConfig(apiBaseUrl, HikCloudConfig.DEFAULT_DOWNLOAD_PATH, HikCloudConfig.DEFAULT_TOKEN_PATH,
                "HIK_CLOUD_ACCESS_TOKEN", "MY_ID", "MY_SECRET", 600, 10, 600, List.of(), List.of());
    }

    @Test
    void aJobAllowsItsOwnApiHostWithThePortItNames() {
        Map<String, String> env = DownloaderEnv.forJob(hik("https://api2.hik-cloud.com"), Optional.empty());
        assertThat(env).containsEntry("VIDSIFT_HIK_CLOUD_ALLOWED_API_HOSTS", "api2.hik-cloud.com")
                .containsEntry("VIDSIFT_HIK_CLOUD_ACCESS_TOKEN_ENV", "HIK_CLOUD_ACCESS_TOKEN")
                .containsEntry("VIDSIFT_HIK_CLOUD_CLIENT_ID_ENV", "MY_ID")
                .containsEntry("VIDSIFT_HIK_CLOUD_CLIENT_SECRET_ENV", "MY_SECRET")
                .doesNotContainKey(DownloaderEnv.LITERAL_TOKEN);
        assertThat(DownloaderEnv.forJob(hik("https://API.example.com:8443/"), Optional.empty()))
                .containsEntry(DownloaderEnv.ALLOWED_API_HOSTS, "API.example.com:8443");
        // Plain http only because the job names it; an API on this machine also gets its loopback links.
        assertThat(DownloaderEnv.forJob(hik("http://[::1]:8090"), Optional.empty()))
                .containsEntry(DownloaderEnv.ALLOWED_API_HOSTS, "http://[::1]:8090")
                .containsEntry(DownloaderEnv.DOWNLOAD_NETWORKS, "loopback");
        assertThat(DownloaderEnv.forJob(hik("https://api2.hik-cloud.com"), Optional.empty()))
                .doesNotContainKey(DownloaderEnv.DOWNLOAD_NETWORKS);
        // Only the host: a path, query or user info never becomes part of the allow-list.
        assertThat(DownloaderEnv.forJob(hik("https://user@api.example.com/base?x=1"), Optional.empty()))
                .containsEntry(DownloaderEnv.ALLOWED_API_HOSTS, "api.example.com");
        assertThat(DownloaderEnv.forJob(hik("not a url"), Optional.empty())).doesNotContainKey(DownloaderEnv.ALLOWED_API_HOSTS);
    }

    @Test
    void theRealApiTemplateAllowsTheRealApiAndALiteralTokenGoesOnlyToItsVariable() {
        LoadedConfig real = new ConfigLoader().load(EXAMPLES.resolve("hik-cloud.yaml"));
        Map<String, String> env = DownloaderEnv.forJob(real.job().hikCloud(), Optional.of("lit-token"));
        assertThat(env).containsEntry(DownloaderEnv.ALLOWED_API_HOSTS, "api2.hik-cloud.com")
                .containsEntry(DownloaderEnv.LITERAL_TOKEN, "lit-token");
        assertThat(env.get(DownloaderEnv.ALLOWED_API_HOSTS)).doesNotContain("lit-token");
    }

    @Test
    void theDemoAllowsTheSimulatorHostOnAnyPort() {
        // demo.yaml names 127.0.0.1:8090; the simulator gets a free port after this environment is fixed.
        LoadedConfig demo = new ConfigLoader().load(EXAMPLES.resolve("demo.yaml"));
        assertThat(DownloaderEnv.forJob(demo.job().hikCloud(), Optional.empty()))
                .containsEntry(DownloaderEnv.ALLOWED_API_HOSTS, "http://127.0.0.1:8090");
        Map<String, String> env = DownloaderEnv.forSimulatorJob(demo.job().hikCloud(), Optional.empty());
        assertThat(env).containsEntry(DownloaderEnv.ALLOWED_API_HOSTS, "http://127.0.0.1")
                .containsEntry(DownloaderEnv.DOWNLOAD_NETWORKS, "loopback")
                .containsEntry("VIDSIFT_HIK_CLOUD_CLIENT_ID_ENV", "VIDSIFT_DEMO_CLIENT_ID");
        assertThat(DownloaderEnv.simulator()).isEqualTo(Map.of(DownloaderEnv.ALLOWED_API_HOSTS, "http://127.0.0.1",
                DownloaderEnv.DOWNLOAD_NETWORKS, "loopback"));
        // The simulator URL the demo submits is on that host.
        assertThat(DownloaderEnv.apiHost("http://127.0.0.1:41234")).contains("http://127.0.0.1:41234");
    }

    @Test
    void aLocalJobSetsNothingSoTheStackWaitsForLivenessOnly() {
        assertThat(DownloaderEnv.forJob(null, Optional.empty())).isEmpty();
    }
}
