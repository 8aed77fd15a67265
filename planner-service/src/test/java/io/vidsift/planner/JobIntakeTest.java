package io.vidsift.planner;

import io.vidsift.common.config.JobConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The intake's limits and refusals, each one line naming the field or the limit. */
class JobIntakeTest {

    private final JobIntake intake = Plans.intake();

    private void refused(String body, String contentType, JobRefused.Kind kind, String line) {
        refused(body.getBytes(StandardCharsets.UTF_8), contentType, kind, line);
    }

    private void refused(byte[] body, String contentType, JobRefused.Kind kind, String line) {
        assertThatThrownBy(() -> intake.read(body, contentType)).isInstanceOfSatisfying(JobRefused.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.problems()).extracting(Object::toString).contains(line);
        });
    }

    @Test
    void aJobWithinTheLimitsIsRead() {
        JobConfig job = intake.read(Plans.job(50, 3600, 600, "out"), "application/yaml; charset=UTF-8");
        assertThat(job.hikCloud().devices()).hasSize(50);
        assertThat(JobIntake.chunks(job.hikCloud())).isEqualTo(300);
    }

    @Test
    void devicesRangesAndChunksAreBounded() {
        refused(Plans.job(51, 600, 600, "out"), null, JobRefused.Kind.INVALID,
                "hik_cloud.devices: 51 devices is over the limit of 50 (vidsift.planner.limits.max-devices)");
        refused(Plans.job(1, 200_001, 1, "out"), null, JobRefused.Kind.INVALID,
                "hik_cloud: 200001 chunks (devices x time_ranges / chunk_seconds) is over the limit of 200000 (vidsift.planner.limits.max-chunks)");
        String ranges = new String(Plans.job(1, 600, 600, "out"), StandardCharsets.UTF_8)
                + "    - {begin: 1, end: 2}\n".repeat(20);
        refused(ranges, null, JobRefused.Kind.INVALID,
                "hik_cloud.time_ranges: 21 ranges is over the limit of 20 (vidsift.planner.limits.max-ranges)");
        String endless = new String(Plans.job(50, 600, 600, "out"), StandardCharsets.UTF_8)
                .replace("end: 1770081000", "end: 9223372036854775807");
        assertThatThrownBy(() -> intake.read(endless.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOfSatisfying(JobRefused.class, e -> assertThat(e.problems().get(0).toString())
                        .startsWith("hik_cloud: ").contains("chunks").endsWith("(vidsift.planner.limits.max-chunks)"));
    }

    @Test
    void theBodyIsBoundedAndMustBeUtf8WithoutControlCharacters() {
        refused(new byte[64 * 1024 + 1], null, JobRefused.Kind.TOO_LARGE,
                "body: 65537 bytes is over the limit of 65536 (vidsift.planner.limits.max-body-bytes)");
        refused(new byte[0], null, JobRefused.Kind.INVALID, "body: is empty: send the job as YAML or JSON");
        refused(new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'}, null, JobRefused.Kind.INVALID, "body: is not valid UTF-8 (byte 3)");
        refused("name: a\u0000b\n", null, JobRefused.Kind.INVALID,
                "body: contains the control character U+0000 at line 1 (NUL bytes are not accepted)");
        refused("source: {mode: local}\nname: \"a\\r\\nforged log line\"\n", null, JobRefused.Kind.INVALID,
                "name: must not contain control characters (found U+000D at line 2)");
    }

    @Test
    void yamlAliasesAndDeepNestingAreRefused() {
        String laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n";
        refused(laughs, null, JobRefused.Kind.INVALID,
                "b[0]: YAML aliases are not accepted (*a at line 2); write the value out");
        refused("x: " + "[".repeat(25) + "]".repeat(25) + "\n", null, JobRefused.Kind.INVALID,
                "body: nests deeper than 20 levels (vidsift.planner.limits.max-depth)");
    }

    @Test
    void onlyYamlAndJsonTypesAreRead() {
        refused("a: 1", "application/x-www-form-urlencoded", JobRefused.Kind.UNSUPPORTED_TYPE,
                "Content-Type: must be application/yaml, text/yaml or application/json (was application/x-www-form-urlencoded)");
        refused("a: 1", "text/yaml; charset=ISO-8859-1", JobRefused.Kind.UNSUPPORTED_TYPE,
                "Content-Type: charset must be UTF-8 (was ISO-8859-1)");
    }

    @Test
    void syntaxErrorsDoNotQuoteTheSource() {
        String secret = "sentinel-secret-31ad";
        String broken = "source: {mode: hik_cloud}\nhik_cloud:\n  access_token: " + secret + ": oops\n";
        assertThatThrownBy(() -> intake.read(broken.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOfSatisfying(JobRefused.class, e -> {
                    assertThat(e.problems().get(0).toString()).startsWith("(document): not valid YAML at line 3").doesNotContain(secret);
                    assertThat(e.getMessage()).doesNotContain(secret);
                });
    }
}
