package io.vidsift.aggregator.output;

import io.vidsift.aggregator.ExpectedFiles;
import io.vidsift.aggregator.Fixture;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.storage.ClipFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorded sequences folded without Kafka, in recorded order, reversed, and shuffled: all three must give the
 * expected files line for line, since arrival order across topics is arbitrary.
 */
class FixtureFoldTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"job-fx-cloud", "job-fx-local", "job-fx-dryrun"})
    void anyArrivalOrderGivesTheExpectedFiles(String jobId) throws IOException {
        Fixture fixture = Fixture.load(jobId);
        List<AggregatorEvent> recorded = fixture.events();
        List<AggregatorEvent> reversed = new ArrayList<>(recorded);
        Collections.reverse(reversed);
        List<AggregatorEvent> shuffled = new ArrayList<>(recorded);
        Collections.shuffle(shuffled, new Random(42));

        Path first = write(jobId, recorded, tmp.resolve("recorded"));
        if (ExpectedFiles.lines(jobId, OutputFile.SUMMARY).isEmpty()) {
            // First run of a new fixture: leave the output for review, never pass silently.
            Path review = Path.of("target", "expected-for-review", jobId);
            Files.createDirectories(review);
            try (var files = Files.list(first)) {
                for (Path file : files.toList()) {
                    Files.copy(file, review.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            throw new AssertionError("no expected files for " + jobId + "; review " + review.toAbsolutePath());
        }
        ExpectedFiles.assertMatches(jobId, first);
        ExpectedFiles.assertMatches(jobId, write(jobId, reversed, tmp.resolve("reversed")));
        ExpectedFiles.assertMatches(jobId, write(jobId, shuffled, tmp.resolve("shuffled")));
        assertThat(Files.readString(first.resolve("report.html"))).contains("<svg");
    }

    /** The same analyses in schema 2 (clip rows in files on storage, none in the message) give the same files. */
    @ParameterizedTest
    @ValueSource(strings = {"job-fx-cloud", "job-fx-local"})
    void clipRowsReadFromTheirFilesGiveTheSameFiles(String jobId) throws IOException {
        Path storage = tmp.resolve("storage");
        MessageCodec codec = new MessageCodec();
        List<AggregatorEvent> events = new ArrayList<>();
        for (AggregatorEvent event : Fixture.load(jobId).events()) {
            VideoAnalyzed a = event.analysis();
            if (a == null || a.clips() == null) {
                events.add(event);
                continue;
            }
            String clipsPath = "out/" + jobId + "/analysis/" + a.videoId() + ".clips.jsonl";
            new ClipFile(codec).write(storage.resolve(clipsPath), a.clips());
            events.add(AggregatorEvent.of(new VideoAnalyzed(2, a.jobId(), a.videoId(), a.chunkId(), a.source(), a.window(),
                    a.path(), a.probe(), a.samplingMode(), a.effectiveFps(), a.framesSampled(), a.framesDropped(), null,
                    a.model(), a.device(), a.timingsMs(), a.status(), a.error(), a.analyzedAt(), a.clips().size(), clipsPath,
                    a.timestampResets(), a.framesCorrupt())));
        }
        Collections.shuffle(events, new Random(7));
        Path dir = Folded.of(events, new ClipFiles(storage, codec)).write(jobId, tmp.resolve("v2"));
        ExpectedFiles.assertMatches(jobId, dir);
    }

    private static Path write(String jobId, List<AggregatorEvent> events, Path dir) {
        return Folded.of(events).write(jobId, dir);
    }
}
