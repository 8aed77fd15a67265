package io.vidsift.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vidsift.common.config.ConfigLoader;
import io.vidsift.common.config.InvalidConfigs;
import io.vidsift.common.config.JobConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobTextTest {

    @Test
    void localPathsBecomeAbsoluteRelativeToTheConfigFile() {
        String yaml = "source: {mode: local, local: {input_dir: videos}}\noutput: {dir: out}\n";
        JobConfig job = new ConfigLoader().parse(new JobText(yaml).absolutePaths(Path.of("/jobs"), Path.of("/jobs/videos")).yaml()).job();
        assertThat(job.local().inputDir()).isEqualTo("/jobs/videos");
        assertThat(job.storageRoot()).isEqualTo("/jobs/videos");
    }

    @Test
    void theLiteralTokenIsRemovedAndTheApiCanBeRepointed() {
        String yaml = InvalidConfigs.VALID.replace("access_token_env: HIK_CLOUD_ACCESS_TOKEN", "access_token: s3cret-t0ken");
        String rewritten = new JobText(yaml).withoutLiteralToken().apiBaseUrl("http://127.0.0.1:9999").yaml();
        assertThat(rewritten).doesNotContain("s3cret-t0ken");
        assertThat(new ConfigLoader().parse(rewritten).job().hikCloud().apiBaseUrl()).isEqualTo("http://127.0.0.1:9999");
    }

    @Test
    void progressLineShowsStateFractionAndCounts() throws Exception {
        var status = new ObjectMapper().readTree("{\"state\":\"downloading\",\"progress\":0.5,\"counts\":{\"chunks_planned\":24,"
                + "\"files_planned\":0,\"downloaded\":12,\"no_recording\":1,\"analyzed\":7,\"address_failed\":1,\"probe_failed\":2}}");
        assertThat(JobWatch.line(status))
                .isEqualTo("[###############---------------]  50% downloading planned=24 downloaded=12 no_recording=1 analyzed=7 failed=3");
    }

    @Test
    void tailPrintsRecordsAsJsonLinesWithTheValueEmbedded() {
        var record = new ConsumerRecord<>("vidsift.jobs", 2, 7L, "job-1", "{\"job_id\":\"job-1\"}");
        assertThat(TailCommand.line(new ObjectMapper(), record))
                .startsWith("{\"topic\":\"vidsift.jobs\",\"partition\":2,\"offset\":7,")
                .endsWith("\"key\":\"job-1\",\"value\":{\"job_id\":\"job-1\"}}");
    }

    @Test
    void theIdempotencyKeyIsTheSha256OfTheJobAndItsOverrides() {
        String yaml = "source: {mode: local, local: {input_dir: videos}}\noutput: {dir: out}\n";
        String key = new JobText(yaml).idempotencyKey(JobClient.query(null, null));
        assertThat(key).matches("[0-9a-f]{64}").isEqualTo(new JobText(yaml).idempotencyKey(""));
        assertThat(new JobText(yaml).idempotencyKey(JobClient.query(true, null))).isNotEqualTo(key);
        assertThat(new JobText(yaml).idempotencyKey(JobClient.query(null, "/elsewhere"))).isNotEqualTo(key);
        assertThat(new JobText(yaml.replace("out", "out2")).idempotencyKey("")).isNotEqualTo(key);
    }

    @Test
    void anInputDirInsideAStacksInputFolderIsNamedThroughItsLink(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path videos = java.nio.file.Files.createDirectories(dir.resolve("Videos/cam1"));
        var mount = new io.vidsift.cli.stack.InputMount(dir.resolve("Videos").toRealPath().toString(), "/s/inputs/Videos", "inputs/Videos");
        String yaml = "source: {mode: local, local: {input_dir: %s}}\noutput: {dir: out}\n";

        assertThat(localInput(new JobText(yaml.formatted(videos)).throughInputMounts(List.of(mount)))).isEqualTo("inputs/Videos/cam1");
        assertThat(localInput(new JobText(yaml.formatted(dir.resolve("Videos"))).throughInputMounts(List.of(mount)))).isEqualTo("inputs/Videos");
        assertThat(localInput(new JobText(yaml.formatted(dir)).throughInputMounts(List.of(mount)))).isEqualTo(dir.toString());
        assertThat(localInput(new JobText(yaml.formatted("relative/under/storage")).throughInputMounts(List.of(mount))))
                .isEqualTo("relative/under/storage");
    }

    private static String localInput(JobText text) {
        return new ConfigLoader().parse(text.yaml()).job().local().inputDir();
    }
}
