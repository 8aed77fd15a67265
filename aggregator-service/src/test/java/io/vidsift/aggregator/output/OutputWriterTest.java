package io.vidsift.aggregator.output;

import io.vidsift.aggregator.Fixture;
import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.aggregator.domain.JobSignals;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.storage.ClipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The writer's cadence, and it never stops silently: any Throwable is logged, shown in the job's status, and retried. */
class OutputWriterTest {

    private static final String JOB = "job-fx-cloud";

    @TempDir
    Path tmp;

    private final JobSignals signals = new JobSignals();
    private final AtomicLong clock = new AtomicLong();

    /** The fixture as schema 2 analyses (clip files on storage), folded; the fold reads the real files. */
    private Folded folded(Path storage) throws IOException {
        MessageCodec codec = new MessageCodec();
        List<AggregatorEvent> events = new ArrayList<>();
        for (AggregatorEvent event : Fixture.load(JOB).events()) {
            VideoAnalyzed a = event.analysis();
            if (a == null || a.clips() == null) {
                events.add(event);
                continue;
            }
            String clipsPath = "clips/" + a.videoId() + ".jsonl";
            new ClipFile(codec).write(storage.resolve(clipsPath), a.clips());
            events.add(AggregatorEvent.of(new VideoAnalyzed(2, a.jobId(), a.videoId(), a.chunkId(), a.source(), a.window(),
                    a.path(), a.probe(), a.samplingMode(), a.effectiveFps(), a.framesSampled(), a.framesDropped(), null,
                    a.model(), a.device(), a.timingsMs(), a.status(), a.error(), a.analyzedAt(), a.clips().size(), clipsPath, a.timestampResets(), a.framesCorrupt())));
        }
        Folded folded = Folded.of(events, new ClipFiles(storage, codec));
        events.forEach(e -> signals.changed(e.jobId()));
        return folded;
    }

    @Test
    void aRunningJobsFilesAreRewrittenUnderTheCadenceRuleAndACompleteJobsAtOnce() throws IOException {
        String job = "job-cadence";
        int chunks = 2000;
        Path storage = tmp.resolve("storage");
        Folded folded = Folded.of(List.of(AggregatorEvent.of(Events.cloudJob(job, "out/" + job, chunks, false))));
        // Every reading of this clock is a second later: a write (read when it starts and when it ends) takes 1 s.
        AtomicLong ticking = new AtomicLong();
        OutputWriter writer = new OutputWriter(folded::tables, signals, new JobFiles(Folded.NO_CLIP_FILES),
                new OutputDirs(storage, List.of(storage)), Duration.ZERO, () -> ticking.addAndGet(Duration.ofSeconds(1).toNanos()));
        Path manifest = storage.resolve("out/" + job + "/hik_cloud_download_manifest.jsonl");
        int reported = 0;
        while (reported < 10) {
            fold(folded, Events.download(job, reported++, DownloadStatus.NO_RECORDING, reported));
        }
        long rows = new JobFiles(Folded.NO_CLIP_FILES).write(folded.tables(), folded.totals(job), tmp.resolve("scratch"));
        writer.turn();
        assertThat(Files.readAllLines(manifest)).as("a job's first files are written at once").hasSize(10);
        assertThat(signals.writeCount(false)).isEqualTo(1);

        assertThat(rows).as("the test's job has room for the changes the rule asks for").isLessThan(chunks / 4);
        while (reported < 10 + rows / 2 - 1) {
            fold(folded, Events.download(job, reported++, DownloadStatus.NO_RECORDING, reported));
        }
        for (int turn = 0; turn < 10; turn++) {
            writer.turn();
        }
        assertThat(signals.writeCount(false)).as("one change short of half the last write's rows").isEqualTo(1);
        fold(folded, Events.download(job, reported++, DownloadStatus.NO_RECORDING, reported));
        writer.turn();
        assertThat(signals.writeCount(false)).isEqualTo(2);
        assertThat(Files.readAllLines(manifest)).hasSize(reported);
        assertThat(signals.writeSeconds(false)).isEqualTo(2.0);

        long written = folded.totals(job).version();
        for (int i = reported; i < chunks; i++) { // changes are no longer short: only time is
            fold(folded, Events.download(job, i, DownloadStatus.ADDRESS_OK, 1000 + i));
        }
        // The next write should take as much longer than the last (1 s) as the job has grown since, at most tenfold;
        // it waits 3 times that.
        assertThat((double) folded.totals(job).version() / written).as("the job grew more than tenfold").isGreaterThan(10);
        long wait = 3 * 10;
        for (int second = 1; second < wait; second++) {
            writer.turn(); // this many seconds after the last write ended
        }
        assertThat(signals.writeCount(false)).as("not before 3 times as long as the next write should take").isEqualTo(2);
        writer.turn();
        assertThat(signals.writeCount(false)).isEqualTo(3);

        while (reported < chunks) {
            fold(folded, Events.download(job, reported++, DownloadStatus.NO_RECORDING, 5000 + reported));
        }
        writer.turn();
        assertThat(signals.writeCount(true)).as("a complete job's final files are written at once").isEqualTo(1);
        assertThat(signals.finalWritten()).containsKey(job);
        assertThat(Files.readAllLines(manifest)).hasSize(chunks);
    }

    private void fold(Folded folded, DownloadRecorded event) {
        folded.apply(AggregatorEvent.of(event));
        signals.changed(event.jobId());
    }

    @Test
    void anErrorWhileWritingIsShownInTheStatusAndRetriedUntilItWorks() throws IOException {
        Path storage = tmp.resolve("storage");
        Folded folded = folded(storage);
        AtomicBoolean broken = new AtomicBoolean(true);
        ClipSource clips = new ClipFiles(storage, new MessageCodec());
        ClipSource failing = (path, each) -> {
            if (broken.get()) {
                throw new OutOfMemoryError("Java heap space (simulated)");
            }
            clips.read(path, each);
        };
        OutputDirs dirs = new OutputDirs(storage, List.of(storage));
        OutputWriter writer = new OutputWriter(folded::tables, signals, new JobFiles(failing), dirs, Duration.ZERO, clock::get);

        writer.turn();
        assertThat(signals.writeError(JOB)).contains("OutOfMemoryError", "results.jsonl", "Java heap space (simulated)");
        assertThat(signals.filesDue()).contains(JOB);
        assertThat(signals.finalWritten()).isEmpty();
        assertThat(storage.resolve("out/" + JOB + "/results.jsonl")).doesNotExist();

        writer.turn();
        assertThat(signals.finalWritten()).as("not retried before its delay").isEmpty();

        broken.set(false);
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        writer.turn();
        assertThat(signals.writeError(JOB)).isNull();
        assertThat(signals.finalWritten()).containsKey(JOB);
        assertThat(Files.readAllLines(storage.resolve("out/" + JOB + "/results.jsonl"))).hasSize(7);
    }

    @Test
    void aStorageThatRefusesTheJobsFilesIsAWriteErrorRetriedUntilTheFilesAreWritten() throws IOException {
        Path storage = tmp.resolve("storage");
        Folded folded = folded(storage);
        // A real refused write, as a full disk gives (an IOException from the file system): a file where the job's
        // output folder must go.
        Path blocker = storage.resolve("out/" + JOB);
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "not a folder");
        OutputDirs dirs = new OutputDirs(storage, List.of(storage));
        OutputWriter writer = new OutputWriter(folded::tables, signals, new JobFiles(new ClipFiles(storage, new MessageCodec())), dirs,
                Duration.ZERO, clock::get);

        writer.turn();
        assertThat(signals.writeError(JOB)).contains("out/" + JOB);
        assertThat(signals.filesDue()).contains(JOB);
        assertThat(signals.finalWritten()).as("no JobCompleted before its files are written").isEmpty();

        Files.delete(blocker);
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        writer.turn();
        assertThat(signals.writeError(JOB)).isNull();
        assertThat(signals.finalWritten()).containsKey(JOB);
        assertThat(Files.readAllLines(storage.resolve("out/" + JOB + "/results.jsonl"))).hasSize(7);
    }

    @Test
    void theWriterThreadOutlivesAnError() throws IOException {
        Path storage = tmp.resolve("storage");
        Folded folded = folded(storage);
        ClipSource failing = (path, each) -> {
            throw new StackOverflowError("simulated");
        };
        OutputDirs dirs = new OutputDirs(storage, List.of(storage));
        OutputWriter writer = new OutputWriter(folded::tables, signals, new JobFiles(failing), dirs, Duration.ofMillis(10), System::nanoTime);
        writer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> signals.writeError(JOB) != null);
            assertThat(signals.writeError(JOB)).contains("StackOverflowError");
            assertThat(writer.alive()).isTrue();
        } finally {
            writer.close();
        }
    }
}
