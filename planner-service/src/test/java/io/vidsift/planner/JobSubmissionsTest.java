package io.vidsift.planner;

import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Durable, idempotent planning with the journal and topics in memory. */
class JobSubmissionsTest {

    private static final RetryDelays QUICK = new RetryDelays(Duration.ofMillis(1), Duration.ofMillis(5));

    @TempDir
    Path root;

    private final MemoryJournal journal = new MemoryJournal();
    private final MemoryTopics topics = new MemoryTopics();
    private final List<JobSubmissions> started = new ArrayList<>();
    private final TestClock clock = new TestClock();
    private ChunkWindows windows = ChunkWindows.unbounded();

    @AfterEach
    void stop() throws InterruptedException {
        for (JobSubmissions submissions : started) {
            submissions.stop();
        }
    }

    private JobSubmissions start(int batchSize) {
        JobSubmissions submissions = new JobSubmissions(Plans.intake(), Plans.planner(root), journal, topics, PlanningMetrics.NONE,
                new PlannerSettings(batchSize, QUICK, Duration.ofDays(7), clock), windows, io.vidsift.common.messages.Ids::newJobId);
        submissions.start();
        started.add(submissions);
        Plans.await("journal recovered", submissions::recovered);
        return submissions;
    }

    private static SubmittedJob submitted(byte[] body, String key) {
        return new SubmittedJob(body, "application/yaml", null, null, key);
    }

    private Set<String> expectedChunkIds(JobPlanned planned) {
        Set<String> ids = new HashSet<>();
        for (ChunkRequested chunk : Plans.planner(root).items(planned).chunks()) {
            ids.add(chunk.chunkId());
        }
        return ids;
    }

    private void awaitPublished(JobSubmissions submissions, String jobId) {
        Plans.await("job " + jobId + " published", () -> submissions.status(jobId)
                .map(s -> PlanStatus.PUBLISHED.equals(s.state())).orElse(false));
    }

    @Test
    void aJobIsJournaledBeforeItIsAnsweredAndThenPublishedWhole() {
        JobSubmissions submissions = start(16);
        Accepted accepted = submissions.submit(submitted(Plans.job(2, 3600, 60, "out"), null));
        String jobId = accepted.plan().jobId();

        assertThat(accepted.replayed()).isFalse();
        assertThat(journal.entries().get(0)).satisfies(first -> {
            assertThat(first.jobId()).isEqualTo(jobId);
            assertThat(first.state()).isEqualTo(PlanStatus.ACCEPTED);
            assertThat(first.planned().chunks()).isEqualTo(120);
        });
        awaitPublished(submissions, jobId);
        assertThat(topics.jobs()).extracting(JobPlanned::jobId).containsExactly(jobId);
        assertThat(topics.chunkIds(jobId)).hasSize(120).doesNotHaveDuplicates();
        assertThat(new HashSet<>(topics.chunkIds(jobId))).isEqualTo(expectedChunkIds(accepted.plan().planned()));
        assertThat(journal.readAll()).singleElement().satisfies(last -> {
            assertThat(last.kind()).isEqualTo(PlanProgress.PLAN);
            assertThat(last.state()).isEqualTo(PlanStatus.PUBLISHED);
            assertThat(last.published()).isEqualTo(120);
        });
        assertThat(accepted.plan().planned().config().outputDir()).isEqualTo(root.resolve("out").toString());
    }

    @Test
    void aPlannerStoppedMidPublishResumesEveryUnfinishedPlanFromItsCursor() throws InterruptedException {
        JobSubmissions first = start(100);
        // The "kill": at the 30th batch the publishing thread stops dead, writing nothing more.
        CountDownLatch killed = new CountDownLatch(1);
        topics.beforeBatch(batch -> {
            if (batch == 30) {
                killed.countDown();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("killed");
            }
        });
        JobPlanned big = first.submit(submitted(Plans.job(10, 10_000, 10, "big"), "big-key")).plan().planned();
        JobPlanned small = first.submit(submitted(Plans.job(1, 600, 60, "small"), null)).plan().planned();
        assertThat(killed.await(30, TimeUnit.SECONDS)).isTrue();
        // Accepted (journaled, answered) while nothing publishes and the broker refuses its JobPlanned.
        topics.failPlanned(new IllegalStateException("broker away"));
        JobPlanned headerless = first.submit(submitted(Plans.job(1, 1200, 60, "headerless"), null)).plan().planned();
        assertThat(first.status(headerless.jobId()).orElseThrow().state()).isEqualTo(PlanStatus.ACCEPTED);
        first.stop();
        long cursor = first.status(big.jobId()).orElseThrow().published();
        assertThat(cursor).isGreaterThan(0).isLessThan(10_000);
        assertThat(topics.chunkIds(big.jobId())).hasSizeLessThan(10_000);

        topics.beforeBatch(batch -> { });
        topics.failPlanned(null);
        JobSubmissions restarted = start(100);
        for (JobPlanned job : List.of(big, small, headerless)) {
            awaitPublished(restarted, job.jobId());
            List<String> ids = topics.chunkIds(job.jobId());
            assertThat(new HashSet<>(ids)).as(job.jobId()).isEqualTo(expectedChunkIds(job));
            assertThat(ids.size() - new HashSet<>(ids).size()).as("re-published boundary").isLessThanOrEqualTo(100);
        }
        assertThat(topics.jobs()).extracting(JobPlanned::jobId).contains(big.jobId(), small.jobId(), headerless.jobId());
        assertThat(topics.jobs().stream().filter(j -> j.jobId().equals(headerless.jobId()))).hasSize(1);
        assertThat(journal.readAll()).allSatisfy(entry -> {
            assertThat(entry.kind()).isEqualTo(PlanProgress.PLAN);
            assertThat(entry.state()).isEqualTo(PlanStatus.PUBLISHED);
        });
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameJobAcrossRestarts() throws InterruptedException {
        JobSubmissions first = start(64);
        byte[] body = Plans.job(1, 3600, 600, "idem");
        String jobId = first.submit(submitted(body, "key-1")).plan().jobId();
        Accepted again = first.submit(submitted(body, "key-1"));
        assertThat(again.replayed()).isTrue();
        assertThat(again.plan().jobId()).isEqualTo(jobId);
        assertThatThrownBy(() -> first.submit(submitted(Plans.job(2, 3600, 600, "idem"), "key-1")))
                .isInstanceOfSatisfying(JobRefused.class, e -> {
                    assertThat(e.kind()).isEqualTo(JobRefused.Kind.CONFLICT);
                    assertThat(e.problems().get(0).toString()).startsWith("Idempotency-Key: was already used for job " + jobId);
                });
        assertThatThrownBy(() -> first.submit(new SubmittedJob(body, "application/yaml", true, null, "key-1")))
                .isInstanceOf(JobRefused.class);
        awaitPublished(first, jobId);
        first.stop();

        JobSubmissions restarted = start(64);
        Accepted afterRestart = restarted.submit(submitted(body, "key-1"));
        assertThat(afterRestart.replayed()).isTrue();
        assertThat(afterRestart.plan().jobId()).isEqualTo(jobId);
        assertThat(restarted.submit(submitted(body, "key-2")).plan().jobId()).isNotEqualTo(jobId);
        assertThat(topics.chunkIds(jobId)).hasSize(6);
    }

    @Test
    void finishedPlansAreForgottenAfterTheRetention() throws InterruptedException {
        JobSubmissions first = start(64);
        byte[] body = Plans.job(1, 600, 600, "retained");
        String jobId = first.submit(submitted(body, "kept-key")).plan().jobId();
        awaitPublished(first, jobId);
        first.stop();

        clock.advance(Duration.ofDays(3));
        JobSubmissions withinRetention = start(64);
        assertThat(withinRetention.submit(submitted(body, "kept-key")).plan().jobId()).isEqualTo(jobId);
        withinRetention.stop();

        clock.advance(Duration.ofDays(5));
        JobSubmissions later = start(64);
        assertThat(later.status(jobId)).isEmpty();
        assertThat(journal.readAll()).noneMatch(entry -> entry.jobId().equals(jobId));
        assertThat(later.submit(submitted(body, "kept-key")).plan().jobId()).isNotEqualTo(jobId);
    }

    @Test
    void aBrokerOutageIsRetriedUntilItEndsAndNeverFailsThePlan() {
        JobSubmissions submissions = start(10);
        topics.beforeBatch(batch -> {
            if (batch >= 2 && batch <= 6) {
                throw new IllegalStateException("not acknowledged: TimeoutException");
            }
        });
        JobPlanned planned = submissions.submit(submitted(Plans.job(1, 6000, 60, "outage"), null)).plan().planned();
        awaitPublished(submissions, planned.jobId());
        assertThat(new HashSet<>(topics.chunkIds(planned.jobId()))).isEqualTo(expectedChunkIds(planned));
        assertThat(topics.chunkIds(planned.jobId())).hasSize(100);
    }

    @Test
    void aJournalThatCannotBeWrittenAcceptsNothing() {
        JobSubmissions submissions = start(10);
        journal.failWith(new IllegalStateException("not acknowledged"));
        assertThatThrownBy(() -> submissions.submit(submitted(Plans.job(1, 600, 60, "nojournal"), null)))
                .isInstanceOf(PlannerUnavailable.class);
        assertThat(submissions.book().backlog()).isZero();
        assertThat(topics.jobs()).isEmpty();
    }

    private JobSubmissions startWithRecordLimit(int recordBytes) {
        JobIntake tight = new JobIntake(new io.vidsift.common.config.ConfigLoader(), new IntakeLimits(64 * 1024, 20, 50, 20, 200_000, recordBytes));
        JobSubmissions submissions = new JobSubmissions(tight, Plans.planner(root), journal, topics, PlanningMetrics.NONE,
                new PlannerSettings(10, QUICK, Duration.ofDays(7), clock), ChunkWindows.unbounded(), io.vidsift.common.messages.Ids::newJobId);
        submissions.start();
        started.add(submissions);
        Plans.await("journal recovered", submissions::recovered);
        return submissions;
    }

    /** 50 devices with 500-character names: about 27 KB of devices, over a record limit of 20,000 bytes. */
    private static byte[] longNames(String outputDir) {
        StringBuilder yaml = new StringBuilder("source: {mode: hik_cloud}\ndry_run: true\noutput: {dir: " + outputDir + "}\nhik_cloud:\n  devices:\n");
        for (int i = 0; i < 50; i++) {
            yaml.append("    - {device_serial: D").append(i).append(", name: ").append(String.valueOf((char) ('a' + i % 26)).repeat(500)).append("}\n");
        }
        yaml.append("  time_ranges: [{begin: 1770080400, end: 1770084000}]\n");
        return yaml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aJobTooBigForOneRecordIsJournaledAndPublishedInPartsAndSurvivesARestart() throws InterruptedException {
        MessageCodec codec = new MessageCodec();
        JobSubmissions first = startWithRecordLimit(20_000);
        topics.failPlanned(new IllegalStateException("broker away"));
        Accepted accepted = first.submit(submitted(longNames("parts"), null));
        String jobId = accepted.plan().jobId();
        int parts = accepted.plan().planned().deviceParts();
        assertThat(parts).isGreaterThan(1);
        assertThat(first.status(jobId).orElseThrow().state()).isEqualTo(PlanStatus.ACCEPTED);

        // Journaled: every part, then the plan entry without devices; each entry one record under the limit.
        List<PlanProgress> entries = journal.entries();
        assertThat(entries.subList(0, parts)).extracting(PlanProgress::kind).containsOnly(PlanProgress.DEVICES);
        assertThat(entries.get(parts).kind()).isEqualTo(PlanProgress.PLAN);
        assertThat(entries.get(parts).planned().config().hikCloud().devices()).isEmpty();
        assertThat(entries.get(parts).planned().deviceParts()).isEqualTo(parts);
        assertThat(entries).allSatisfy(e -> assertThat(codec.write(e).getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(10_000));
        first.stop();

        topics.failPlanned(null);
        JobSubmissions restarted = startWithRecordLimit(20_000);
        awaitPublished(restarted, jobId);
        PlanStatus recovered = restarted.status(jobId).orElseThrow();
        assertThat(recovered.planned().config().hikCloud().devices()).hasSize(50)
                .isEqualTo(accepted.plan().planned().config().hikCloud().devices());
        assertThat(topics.jobs()).singleElement().satisfies(header -> {
            assertThat(header.deviceParts()).isEqualTo(parts);
            assertThat(header.config().hikCloud().devices()).isEmpty();
        });
        assertThat(topics.deviceParts(jobId)).extracting(io.vidsift.common.messages.JobDevices::part)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, parts).boxed().toList());
        assertThat(topics.deviceParts(jobId).stream().flatMap(p -> p.devices().stream()).toList())
                .isEqualTo(accepted.plan().planned().config().hikCloud().devices());
        assertThat(new HashSet<>(topics.chunkIds(jobId))).hasSize(300).isEqualTo(expectedChunkIds(recovered.planned()));
    }

    @Test
    void aPlanWhosePartsTheJournalLostFailsWithTheReasonAndOrphanPartsAreDropped() throws InterruptedException {
        JobSubmissions first = startWithRecordLimit(20_000);
        topics.failPlanned(new IllegalStateException("broker away"));
        String jobId = first.submit(submitted(longNames("lost"), null)).plan().jobId();
        first.stop();
        journal.forget(PlanProgress.devicesKey(jobId, 1));
        // Parts of a job whose plan entry was never written (stopped in between): nobody was answered for it.
        journal.write(PlanProgress.devices(io.vidsift.common.messages.JobDevices.of("never-accepted", 0, 2,
                List.of(new io.vidsift.common.config.Device("D1", 1, null)))));

        topics.failPlanned(null);
        JobSubmissions restarted = startWithRecordLimit(20_000);
        PlanStatus failed = restarted.status(jobId).orElseThrow();
        assertThat(failed.state()).isEqualTo(PlanStatus.FAILED);
        assertThat(failed.error()).matches("the plan journal holds \\d+ of the \\d+ parts of its device list; submit the job again");
        assertThat(journal.readAll()).filteredOn(e -> e.jobId().equals(jobId) && PlanProgress.PLAN.equals(e.kind()))
                .singleElement().extracting(PlanProgress::state).isEqualTo(PlanStatus.FAILED);
        assertThat(journal.readAll()).noneMatch(e -> e.jobId().equals("never-accepted"));
        assertThat(topics.jobs()).isEmpty();
        assertThat(topics.chunkIds(jobId)).isEmpty();
    }

    @Test
    void aJobWithOneDeviceTooBigForARecordIsRefusedBeforeItIsRecorded() {
        JobSubmissions submissions = startWithRecordLimit(20_000);
        StringBuilder yaml = new StringBuilder("source: {mode: hik_cloud}\noutput: {dir: big}\nhik_cloud:\n  devices:\n");
        yaml.append("    - {device_serial: D0, name: cam}\n    - {device_serial: D1, name: ").append("n".repeat(25_000)).append("}\n");
        yaml.append("  time_ranges: [{begin: 1770080400, end: 1770084000}]\n");
        assertThatThrownBy(() -> submissions.submit(submitted(yaml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), null)))
                .isInstanceOfSatisfying(JobRefused.class, e -> assertThat(e.problems().get(0).toString())
                        .startsWith("hik_cloud.devices[1]: is ")
                        .endsWith("bytes as one Kafka record, over the limit of 20000 (vidsift.planner.limits.max-record-bytes): a shorter name, or raise the limit with the broker's"));
        assertThat(journal.entries()).isEmpty();
    }

    @Test
    void nothingIsAcceptedBeforeTheJournalIsRead() {
        JobSubmissions submissions = new JobSubmissions(Plans.intake(), Plans.planner(root), journal, topics, PlanningMetrics.NONE,
                new PlannerSettings(10, QUICK, Duration.ofDays(7), clock), ChunkWindows.unbounded(), io.vidsift.common.messages.Ids::newJobId);
        assertThatThrownBy(() -> submissions.submit(submitted(Plans.job(1, 600, 60, "early"), null)))
                .isInstanceOf(PlannerUnavailable.class);
    }

    @Test
    void aSmallJobIsPublishedWhileABigOneWaitsForItsOutcomes() {
        windows = new ChunkWindows(300, Duration.ofHours(1), clock);
        JobSubmissions submissions = start(100);
        JobPlanned big = submissions.submit(submitted(Plans.job(10, 10_000, 10, "fair-big"), null)).plan().planned();
        Plans.await("big job at its window", () -> topics.chunkIds(big.jobId()).size() == 300);

        JobPlanned small = submissions.submit(submitted(Plans.job(1, 600, 60, "fair-small"), null)).plan().planned();
        awaitPublished(submissions, small.jobId());
        List<String> order = topics.chunkIds(null);
        assertThat(order.indexOf(topics.chunkIds(small.jobId()).get(0))).as("chunks ahead of the small job's first").isEqualTo(300);
        assertThat(topics.chunkIds(big.jobId())).hasSize(300);

        // 200 outcomes make room for 200 more, and no more.
        topics.chunkIds(big.jobId()).subList(0, 200).forEach(id -> windows.recorded(big.jobId(), id));
        topics.chunkIds(big.jobId()).subList(0, 200).forEach(id -> windows.recorded(big.jobId(), id));
        // The worker puts a batch on the topic and then in the window: wait for both, then look again for more.
        Plans.await("200 more", () -> topics.chunkIds(big.jobId()).size() == 500 && windows.outstanding(big.jobId()) == 300);
        assertThat(topics.chunkIds(big.jobId())).hasSize(500);

        // Outcomes that never come do not stall the job: after the release time it gets a fresh window.
        clock.advance(Duration.ofHours(2));
        Plans.await("a released window", () -> topics.chunkIds(big.jobId()).size() == 800);

        // A downloader catching up lets the job finish.
        Thread downloader = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    topics.chunkIds(big.jobId()).forEach(id -> windows.recorded(big.jobId(), id));
                    Thread.sleep(5);
                }
            } catch (InterruptedException done) {
                // the job is published
            }
        });
        downloader.start();
        try {
            awaitPublished(submissions, big.jobId());
        } finally {
            downloader.interrupt();
        }
        assertThat(new HashSet<>(topics.chunkIds(big.jobId()))).isEqualTo(expectedChunkIds(big));
        assertThat(windows.outstanding(big.jobId())).isZero();
    }

    @Test
    void chunkIdsAreAFunctionOfThePlannedHeader() {
        JobPlanned planned = Plans.planner(root).plan("job-fixed", Plans.intake().read(Plans.job(3, 7200, 600, "ids"), null));
        List<String> once = StreamSupport.stream(Plans.planner(root).items(planned).chunks().spliterator(), false)
                .map(ChunkRequested::chunkId).toList();
        List<String> twice = StreamSupport.stream(Plans.planner(root).items(planned).chunks().spliterator(), false)
                .map(ChunkRequested::chunkId).toList();
        assertThat(once).hasSize(36).doesNotHaveDuplicates().isEqualTo(twice);
    }
}
