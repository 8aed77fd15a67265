package io.vidsift.planner;

import io.vidsift.common.config.JobConfig;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.VideoReady;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Local-mode planning against the operator's roots. */
class JobPlannerTest {

    @TempDir
    Path dir;

    private JobConfig local(String inputDir) {
        String yaml = "source: {mode: local, local: {input_dir: \"" + inputDir + "\"}}\noutput: {dir: out}\n";
        return Plans.intake().read(yaml.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void aLinkedInputDirIsPlannedWhenItsTargetIsAnAllowedRoot() throws IOException {
        Path videos = Files.createDirectories(dir.resolve("Videos/cam1"));
        Files.writeString(videos.resolve("a.mp4"), "a");
        Path escapee = Files.writeString(Files.createDirectories(dir.resolve("private")).resolve("secret.mp4"), "s");
        Files.createSymbolicLink(videos.resolve("b.mp4"), escapee);
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Files.createSymbolicLink(Files.createDirectories(storage.resolve("inputs")).resolve("Videos"), dir.resolve("Videos"));

        JobPlanner allowed = new JobPlanner(new WriteRoots(storage, List.of(storage, dir.resolve("Videos"))), Clock.systemUTC());
        JobPlanned planned = allowed.plan("job-local", local("inputs/Videos"));
        assertThat(planned.files()).isEqualTo(1);
        List<VideoReady> videosPlanned = StreamSupport.stream(allowed.items(planned).videos().spliterator(), false).toList();
        assertThat(videosPlanned).extracting(VideoReady::path).containsExactly("inputs/Videos/cam1/a.mp4");

        JobPlanner storageOnly = new JobPlanner(new WriteRoots(storage, List.of()), Clock.systemUTC());
        assertThatThrownBy(() -> storageOnly.plan("job-local", local("inputs/Videos")))
                .isInstanceOfSatisfying(JobRefused.class, e -> assertThat(e.problems().get(0).toString())
                        .startsWith("source.local.input_dir: must be under the allowed root"));
        assertThatThrownBy(() -> allowed.plan("job-local", local(dir.resolve("Videos").toString())))
                .isInstanceOfSatisfying(JobRefused.class, e -> assertThat(e.problems().get(0).toString())
                        .startsWith("source.local.input_dir: must be inside the storage root"));
    }
}
