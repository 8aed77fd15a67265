package io.vidsift.aggregator.output;

import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.events.EventDetector;
import io.vidsift.common.messages.ClipSums;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoAnalyzed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyzer's per-quarter clip sums stand in for its clip files while the job is folded: the fold reads no clip
 * file, and the job's files come out line for line as when every clip row is read. Sums that do not add up to the
 * clip count, and a job zone whose hours cut through quarter hours, make the fold read the file instead.
 */
class ClipSumsFoldTest {

    private static final MessageCodec CODEC = new MessageCodec();

    @TempDir
    Path storage;

    /**
     * Seven 10-minute chunks from 09:00 (two hours of the timeline) in 10 s clips, each clip's activity a different
     * multiple of 1/64: sums of those are exact in any order, so summing per quarter and then per hour gives the very
     * bits that summing clip by clip gives (with other values the two orders may differ in the last bit).
     */
    static double activity(int second) {
        return ((second / 10) * 7 % 64) / 64.0;
    }

    @Test
    void sumsInTheRecordReplaceReadingClipFilesAndGiveTheSameFiles() throws IOException {
        Fold fromFiles = fold("job-sums", false, "Asia/Shanghai", UnaryOperator.identity());
        Fold fromSums = fold("job-sums", true, "Asia/Shanghai", UnaryOperator.identity());

        assertThat(fromFiles.reads).as("clip files read while folding, without sums").isEqualTo(7);
        assertThat(fromSums.reads).as("clip files read while folding, with sums").isZero();
        assertSameFiles(fromSums.dir, fromFiles.dir);
        assertThat(Files.readString(fromSums.dir.resolve(OutputFile.SUMMARY.fileName()))).contains("\"clips\" : 420");
    }

    @Test
    void sumsThatDoNotAddUpToTheClipCountAreNotTrusted() throws IOException {
        UnaryOperator<VideoAnalyzed> oneShort = v -> withSums(v, v.clipSums().subList(0, v.clipSums().size() - 1));
        Fold fromFiles = fold("job-short", false, "Asia/Shanghai", UnaryOperator.identity());
        Fold fromBadSums = fold("job-short", true, "Asia/Shanghai", oneShort);

        assertThat(fromBadSums.reads).as("every video read from its file").isEqualTo(7);
        assertSameFiles(fromBadSums.dir, fromFiles.dir);
    }

    @Test
    void aZoneWhoseHoursCutThroughQuarterHoursReadsTheFiles() throws IOException {
        Fold fromFiles = fold("job-odd-zone", false, "+00:07", UnaryOperator.identity());
        Fold fromSums = fold("job-odd-zone", true, "+00:07", UnaryOperator.identity());

        // Local hours turn at 53 minutes past each UTC hour: only the quarter 01:45-02:00 UTC holds a turn, and only
        // the two chunks with clips in it (01:40-01:50 and 01:50-02:00 UTC) are read from their files.
        assertThat(fromSums.reads).as("videos with clips in a quarter that straddles a local hour").isEqualTo(2);
        assertSameFiles(fromSums.dir, fromFiles.dir);
    }

    private record Fold(Path dir, int reads) {
    }

    private Fold fold(String jobId, boolean sums, String zone, UnaryOperator<VideoAnalyzed> change) throws IOException {
        Path root = storage.resolve(sums ? "with-sums" : "files-only");
        ClipJob job = new ClipJob(root, root.resolve("written"));
        List<AggregatorEvent> events = new ArrayList<>();
        events.add(AggregatorEvent.of(plan(jobId, root.resolve("out").toString(), 7, zone)));
        for (int chunk = 0; chunk < 7; chunk++) {
            int offset = chunk * 600;
            events.add(AggregatorEvent.of(Events.download(jobId, chunk, DownloadStatus.DOWNLOADED, chunk)));
            VideoAnalyzed analysed = job.analysed(jobId, chunk, 10, second -> activity(offset + second),
                    Events.CAMERA.deviceSerial(), Events.CAMERA.name(), sums);
            events.add(AggregatorEvent.of(sums ? change.apply(analysed) : analysed));
        }
        ClipFiles files = new ClipFiles(root, CODEC);
        AtomicInteger reads = new AtomicInteger();
        ClipSource counted = (path, each) -> {
            reads.incrementAndGet();
            files.read(path, each);
        };
        Folded folded = Folded.of(events, counted);
        int foldReads = reads.get();
        Path dir = Files.createDirectories(root.resolve("written").resolve(jobId));
        new JobFiles(files, EventDetector.Settings.defaults(), files::thumbnail).write(folded.tables(), folded.totals(jobId), dir);
        return new Fold(dir, foldReads);
    }

    private static JobPlanned plan(String jobId, String outputDir, int chunks, String zone) {
        JobPlanned standard = Events.cloudJob(jobId, outputDir, chunks, false);
        JobConfig c = standard.config();
        JobConfig config = new JobConfig(c.name(), c.dryRun(), c.mode(), c.local(), c.hikCloud(), zone, c.outputDir(),
                c.storageRoot(), c.analysis());
        return JobPlanned.of(jobId, "2026-02-03T01:00:00Z", config, 1, 1, chunks, 0);
    }

    private static VideoAnalyzed withSums(VideoAnalyzed v, List<ClipSums> sums) {
        return new VideoAnalyzed(v.schema(), v.jobId(), v.videoId(), v.chunkId(), v.source(), v.window(), v.path(), v.probe(),
                v.samplingMode(), v.effectiveFps(), v.framesSampled(), v.framesDropped(), v.clips(), v.model(), v.device(),
                v.timingsMs(), v.status(), v.error(), v.analyzedAt(), v.clipCount(), v.clipsPath(), v.timestampResets(),
                v.framesCorrupt(), sums);
    }

    /** Every file of the job, line for line, the paths made relative to where each fold's storage lies. */
    private static void assertSameFiles(Path actual, Path expected) throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(expected)) {
            names = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).contains(OutputFile.SUMMARY.fileName(), OutputFile.RESULTS.fileName(), "report.html");
        String actualRoot = actual.getParent().getParent().toString();
        String expectedRoot = expected.getParent().getParent().toString();
        for (String name : names) {
            List<String> want = Files.readAllLines(expected.resolve(name)).stream().map(l -> l.replace(expectedRoot, "ROOT")).toList();
            List<String> got = Files.readAllLines(actual.resolve(name)).stream().map(l -> l.replace(actualRoot, "ROOT")).toList();
            assertThat(got).as(name).containsExactlyElementsOf(want);
        }
    }
}
