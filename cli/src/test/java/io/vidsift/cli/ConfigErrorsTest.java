package io.vidsift.cli;

import io.vidsift.common.config.InvalidConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `vidsift run` reports config problems, one line each naming the field, exit 2, before starting anything. */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    @Test
    void everyDocumentedConfigErrorGivesItsLineAndExit2BeforeAnyProcessStarts() throws IOException {
        int n = 0;
        for (var entry : InvalidConfigs.all().entrySet()) {
            Path config = dir.resolve("job" + n++ + ".yaml");
            Files.writeString(config, entry.getValue().yaml());
            Result result = run("run", "--config", config.toString(), "--work-dir", dir.resolve("work").toString());
            assertThat(result.code).as(entry.getKey()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err).as(entry.getKey()).contains("error: " + entry.getValue().expected());
            assertThat(result.err).as(entry.getKey()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(Files.exists(dir.resolve("work"))).isFalse();
        assertThat(ProcessHandle.current().children().count()).isZero();
    }

    @Test
    void hikCloudModeWithoutATokenSourceIsRefusedNamingTheEnvVar() throws IOException {
        Path config = dir.resolve("job.yaml");
        Files.writeString(config, InvalidConfigs.VALID.replace("HIK_CLOUD_ACCESS_TOKEN", "VIDSIFT_TEST_SURELY_UNSET_TOKEN"));
        Result result = run("run", "--config", config.toString(), "--work-dir", dir.resolve("work").toString());
        assertThat(result.code).isEqualTo(ExitCode.USAGE);
        assertThat(result.err.strip()).isEqualTo("error: hik_cloud.access_token_env: no token source: set hik_cloud.access_token, "
                + "or the env var VIDSIFT_TEST_SURELY_UNSET_TOKEN (named by access_token_env), or configure client_id_env/client_secret_env");
        assertThat(Files.exists(dir.resolve("work"))).isFalse();
    }

    @Test
    void aMissingConfigFileAndBadUsageAreExit2() {
        assertThat(run("run", "--config", dir.resolve("nope.yaml").toString()).err).contains("error: --config: no such file");
        assertThat(run("run").code).isEqualTo(ExitCode.USAGE);
        assertThat(run("frobnicate").code).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[]{"demo", "run", "stack", "submit", "status", "jobs", "topics", "tail"}) {
            Result result = run(command, "--help");
            assertThat(result.code).as(command).isZero();
            assertThat(result.out).as(command).contains("Usage: vidsift " + command);
        }
        assertThat(run("stack", "up", "--help").out).contains("Usage: vidsift stack up");
    }

    @Test
    void unreachableServicesAreExit3() {
        Result result = run("status", "job-1", "--aggregator", "http://127.0.0.1:1");
        assertThat(result.code).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(result.err).contains("cannot reach http://127.0.0.1:1/jobs/job-1");
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
