package io.vidsift.common.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void loadsTheSeedExampleWithDefaults() {
        LoadedConfig loaded = loader.parse(InvalidConfigs.VALID);
        JobConfig job = loaded.job();
        assertThat(job.mode()).isEqualTo(SourceMode.HIK_CLOUD);
        assertThat(job.timezone()).isEqualTo("Asia/Shanghai");
        HikCloudConfig hik = job.hikCloud();
        assertThat(hik.apiBaseUrl()).isEqualTo("https://api2.hik-cloud.com");
        assertThat(hik.downloadPath()).isEqualTo("/v1/carrier/cstorage/open/play/download");
        assertThat(hik.chunkSeconds()).isEqualTo(600);
        assertThat(hik.timeoutSeconds()).isEqualTo(60);
        assertThat(hik.downloadTimeoutSeconds()).isEqualTo(600);
        assertThat(hik.accessTokenEnv()).isEqualTo("HIK_CLOUD_ACCESS_TOKEN");
        assertThat(hik.devices()).containsExactly(new Device("DEV-A1", 1, "store-front"), new Device("DEV_B2", 2, null));
        // 2026-02-03 09:00:00 Asia/Shanghai = 01:00:00Z
        assertThat(hik.timeRanges()).containsExactly(new TimeRange(1770080400L, 1770089400L), new TimeRange(1770112800L, 1770114600L));
        assertThat(job.outputDir()).isEqualTo("/tmp/out");
        assertThat(job.storageRoot()).isEqualTo("/tmp/out");
        assertThat(job.analysis()).isEqualTo(AnalysisConfig.defaults());
        assertThat(loaded.literalAccessToken()).isEmpty();
    }

    @Test
    void keepsALiteralTokenOutOfTheJobAndItsToString() {
        LoadedConfig loaded = loader.parse(InvalidConfigs.VALID.replace("access_token_env: HIK_CLOUD_ACCESS_TOKEN",
                "access_token: sentinel-Tok3n"));
        assertThat(loaded.literalAccessToken()).contains("sentinel-Tok3n");
        assertThat(loaded.job().toString()).doesNotContain("sentinel-Tok3n");
        assertThat(loaded.toString()).doesNotContain("sentinel-Tok3n");
    }

    @Test
    void readsJsonAndEpochSecondsAndIsoOffsets() {
        String json = """
                {"source": {"mode": "hik_cloud"}, "output": {"dir": "out"},
                 "hik_cloud": {"devices": [{"device_serial": "D1", "channel_no": 3}],
                               "time_ranges": [{"begin": 1770080400, "end": "2026-02-03T10:00:00+08:00"}]}}
                """;
        JobConfig job = loader.parse(json).job();
        assertThat(job.hikCloud().timeRanges()).containsExactly(new TimeRange(1770080400L, 1770084000L));
    }

    @Test
    void readsLocalModeWithInputDirAsDefaultStorageRoot() {
        JobConfig job = loader.parse("""
                source: {mode: local, local: {input_dir: /data/videos, extensions: [mp4, .MKV]}}
                output: {dir: /data/out}
                analysis: {sample_fps: 2, sampling: keyframes, model: {name: detector, path: /m/yolo.onnx, class_names: [person, car]}}
                """).job();
        assertThat(job.local()).isEqualTo(new LocalSource("/data/videos", List.of(".mp4", ".mkv"), true));
        assertThat(job.storageRoot()).isEqualTo("/data/videos");
        assertThat(job.hikCloud()).isNull();
        assertThat(job.analysis().model().classes()).containsExactly("person");
        assertThat(job.analysis().sampleFps()).isEqualTo(2.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void reportsEachProblemWithItsPath(String kind, String yaml, String expected) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse(yaml));
        assertThat(e).as(kind).isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::toString).contains(expected);
    }

    static Stream<Arguments> invalidConfigs() {
        return InvalidConfigs.all().entrySet().stream().map(c -> Arguments.of(c.getKey(), c.getValue().yaml(), c.getValue().expected()));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String yaml = InvalidConfigs.VALID.replace("chunk_seconds: 600", "chunk_seconds: 0").replace("channel_no: 2", "channel_no: 0")
                .replace("timezone: Asia/Shanghai", "timezone: Mars/Olympus");
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse(yaml));
        assertThat(e.problems()).extracting(ConfigProblem::path)
                .contains("hik_cloud.chunk_seconds", "hik_cloud.devices[1].channel_no", "runtime.timezone");
    }

    @Test
    void rejectsDocumentsThatAreNotMappings() {
        assertThatThrownBy(() -> loader.parse("- just\n- a list\n")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("(document): must be a mapping");
        assertThatThrownBy(() -> loader.parse("source: {mode: [\n")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void tokenSourceOrderAndMissingMessage() {
        HikCloudConfig hik = loader.parse(InvalidConfigs.VALID.replace("time_ranges:", "client_id_env: CID\n  client_secret_env: CSEC\n  time_ranges:"))
                .job().hikCloud();
        assertThat(TokenSource.resolve(hik, true, Map.of())).containsInstanceOf(TokenSource.Literal.class);
        assertThat(TokenSource.resolve(hik, false, Map.of("HIK_CLOUD_ACCESS_TOKEN", "t")))
                .contains(new TokenSource.FromEnv("HIK_CLOUD_ACCESS_TOKEN"));
        assertThat(TokenSource.resolve(hik, false, Map.of("CID", "id", "CSEC", "s")))
                .contains(new TokenSource.ClientCredentials("CID", "CSEC"));
        assertThat(TokenSource.resolve(hik, false, Map.of("CID", "id"))).isEmpty();
        assertThat(TokenSource.missing(hik).toString())
                .isEqualTo("hik_cloud.access_token_env: no token source: set hik_cloud.access_token, or the env var "
                        + "HIK_CLOUD_ACCESS_TOKEN (named by access_token_env), or CID and CSEC");
    }
}
