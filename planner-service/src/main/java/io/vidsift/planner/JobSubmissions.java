package io.vidsift.planner;

import io.vidsift.common.config.JobConfig;
import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Job intake with durable, idempotent acceptance. A job is accepted once its plan entry is in the journal: only
 * then does the caller get its job id, so a 202 survives any crash that follows. Its JobPlanned is published
 * before answering when the broker allows (so the aggregator knows the job at once) and by the worker
 * otherwise. The same {@code Idempotency-Key} with the same request returns the same job, across restarts
 * (the key is in the journal, for as long as the finished plan is kept: {@code journalRetention}); with a
 * different request it is refused.
 *
 * <p>{@link #start()} first reads the journal back and resumes every unfinished plan, then publishes; until the
 * journal is read, submissions are refused as unavailable (there could be an earlier job with the same key).
 */
public final class JobSubmissions {

    private static final Logger LOG = Logger.getLogger(JobSubmissions.class);
    private static final int MAX_KEY_LENGTH = 200;

    private final JobIntake intake;
    private final JobPlanner planner;
    private final PlanJournal journal;
    private final WorkPublisher publisher;
    private final PlanBook book;
    private final PlanningMetrics metrics;
    private final PlanWorker worker;
    private final PlannerSettings settings;
    private final Supplier<String> jobIds;
    private final DeviceParts splitter;
    private volatile boolean recovered;
    private volatile String recoveryError;
    private Thread thread;

    public JobSubmissions(JobIntake intake, JobPlanner planner, PlanJournal journal, WorkPublisher publisher,
                          PlanningMetrics metrics, PlannerSettings settings, ChunkWindows windows, Supplier<String> jobIds) {
        this.intake = intake;
        this.planner = planner;
        this.journal = journal;
        this.publisher = publisher;
        this.metrics = metrics;
        this.settings = settings;
        this.jobIds = jobIds;
        this.splitter = new DeviceParts(intake.limits().maxRecordBytes(), new MessageCodec());
        this.book = new PlanBook();
        this.worker = new PlanWorker(planner, publisher, journal, book, metrics, settings.batchSize(), settings.delays(), windows);
    }

    public PlanBook book() {
        return book;
    }

    public boolean recovered() {
        return recovered;
    }

    /** Why the journal could not be read yet, while it is being retried. */
    public String recoveryError() {
        return recoveryError;
    }

    /** Starts the publishing thread: journal recovery first, then plans as they come. */
    public synchronized void start() {
        thread = new Thread(this::runWorker, "plan-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops publishing where it is; the journal keeps every unfinished plan for the next start. */
    public synchronized void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    private void runWorker() {
        try {
            recoverUntilDone();
            worker.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void recoverUntilDone() throws InterruptedException {
        for (int failures = 1; !recovered; failures++) {
            try {
                recover();
            } catch (RuntimeException e) {
                recoveryError = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.warnf("cannot read the plan journal yet, retrying (%s)", recoveryError);
                Thread.sleep(settings.delays().after(failures).toMillis());
            }
        }
    }

    /** Folds the journal into the book and queues every unfinished plan, oldest first. */
    void recover() {
        Map<String, PlanStatus> plans = new LinkedHashMap<>();
        Map<String, Long> cursors = new HashMap<>();
        Map<String, List<JobDevices>> deviceParts = new HashMap<>();
        for (PlanProgress entry : journal.readAll()) {
            if (PlanProgress.CURSOR.equals(entry.kind())) {
                cursors.put(entry.jobId(), entry.published());
            } else if (PlanProgress.DEVICES.equals(entry.kind()) && entry.devices() != null) {
                deviceParts.computeIfAbsent(entry.jobId(), id -> new ArrayList<>()).add(entry.devices());
            } else if (entry.planned() != null) {
                plans.put(entry.jobId(), new PlanStatus(entry.planned(), entry.state(), entry.published(), null,
                        entry.idempotencyKey(), entry.requestSha256(), List.of()));
            }
        }
        forgetOrphanParts(deviceParts, plans.keySet());
        int resumed = 0;
        int expired = 0;
        Instant horizon = settings.clock().instant().minus(settings.journalRetention());
        for (PlanStatus plan : plans.values()) {
            if (plan.finished() && Instant.parse(plan.planned().plannedAt()).isBefore(horizon)) {
                // Kept no longer: compaction drops it, and its Idempotency-Key answers a new job from now on.
                forget(plan);
                expired++;
                continue;
            }
            long published = Math.max(plan.published(), cursors.getOrDefault(plan.jobId(), 0L));
            PlanStatus status = withDevices(published > plan.published() ? plan.progressed(published) : plan,
                    deviceParts.getOrDefault(plan.jobId(), List.of()));
            book.put(status);
            if (!status.finished()) {
                worker.enqueue(status.jobId());
                metrics.planResumed();
                resumed++;
                LOG.infof("job %s: resuming its plan at %d of %d work items (%s)", status.jobId(), published, status.total(), status.state());
            }
        }
        recoveryError = null;
        recovered = true;
        LOG.infof("plan journal read: %d plans, %d to resume, %d expired", plans.size(), resumed, expired);
    }

    /**
     * A plan whose devices went in parts, with them put back. Parts are journaled before the plan entry, so a missing
     * one means the journal lost it: the plan cannot make its chunks any more and fails, with the reason.
     */
    private PlanStatus withDevices(PlanStatus plan, List<JobDevices> parts) {
        if (plan.planned().deviceParts() == 0) {
            return plan;
        }
        PlanStatus whole = DeviceParts.join(plan, parts);
        if (whole != null) {
            return whole;
        }
        if (plan.finished()) {
            return plan;
        }
        String reason = "the plan journal holds " + parts.size() + " of the " + plan.planned().deviceParts()
                + " parts of its device list; submit the job again";
        LOG.errorf("job %s: cannot be planned any more: %s", plan.jobId(), reason);
        PlanStatus failed = plan.failed(reason);
        journal.write(PlanProgress.plan(failed));
        return failed;
    }

    /** Parts of a job that was never accepted (the planner stopped between its parts and its plan entry). */
    private void forgetOrphanParts(Map<String, List<JobDevices>> parts, java.util.Set<String> planned) {
        parts.forEach((jobId, orphans) -> {
            if (!planned.contains(jobId)) {
                orphans.forEach(part -> journal.forget(PlanProgress.devicesKey(jobId, part.part())));
            }
        });
    }

    private void forget(PlanStatus plan) {
        for (int part = 0; part < plan.planned().deviceParts(); part++) {
            journal.forget(PlanProgress.devicesKey(plan.jobId(), part));
        }
        journal.forget(plan.jobId());
    }

    public Optional<PlanStatus> status(String jobId) {
        return book.get(jobId);
    }

    public synchronized Accepted submit(SubmittedJob job) {
        if (!recovered) {
            throw new PlannerUnavailable("the planner is still reading its plan journal; retry shortly");
        }
        String key = idempotencyKey(job.idempotencyKey());
        String digest = digest(job);
        if (key != null) {
            Optional<PlanStatus> earlier = book.byIdempotencyKey(key);
            if (earlier.isPresent()) {
                if (!digest.equals(earlier.get().requestSha256())) {
                    throw JobRefused.of(JobRefused.Kind.CONFLICT, "Idempotency-Key", "was already used for job "
                            + earlier.get().jobId() + " with a different body or options; use a new key for a new job");
                }
                return new Accepted(earlier.get(), true);
            }
        }
        JobConfig config = intake.read(job.body(), job.contentType());
        if (job.dryRun() != null) {
            config = config.withDryRun(job.dryRun());
        }
        if (job.outputDir() != null && !job.outputDir().isBlank()) {
            config = config.withOutputDir(job.outputDir());
        }
        String jobId = jobIds.get();
        PlanStatus accepted = splitter.accept(planner.plan(jobId, config), key, digest);
        JobPlanned planned = accepted.planned();
        try {
            // The parts first: a plan entry is only ever read back with every part of its device list before it.
            for (JobDevices part : accepted.parts()) {
                journal.write(PlanProgress.devices(part));
            }
            journal.write(PlanProgress.plan(accepted));
        } catch (RuntimeException e) {
            LOG.warnf("job not accepted: the plan journal cannot be written (%s)", e.getClass().getSimpleName());
            throw new PlannerUnavailable("the plan journal cannot be written (Kafka unavailable?); the job was not accepted, retry");
        }
        book.put(accepted);
        publishHeader(accepted);
        worker.enqueue(jobId);
        LOG.infof("job %s accepted: mode=%s dry_run=%s chunks=%d files=%d device_parts=%d", jobId, config.mode().key(), config.dryRun(),
                planned.chunks(), planned.files(), planned.deviceParts());
        return new Accepted(book.get(jobId).orElseThrow(), false);
    }

    /** The JobPlanned (and its device parts) before the answer when the broker allows; the worker publishes it otherwise. */
    private void publishHeader(PlanStatus accepted) {
        JobPlanned planned = accepted.planned();
        try {
            publisher.planned(accepted.header(), accepted.parts());
            metrics.jobPlanned(planned.config().mode());
            PlanStatus queued = book.update(planned.jobId(), s -> s.in(PlanStatus.QUEUED));
            journal.write(PlanProgress.plan(queued));
        } catch (RuntimeException e) {
            LOG.warnf("job %s: JobPlanned not acknowledged yet, the publisher retries it (%s)", planned.jobId(), e.getClass().getSimpleName());
        }
    }

    private static String idempotencyKey(String key) {
        if (key == null) {
            return null;
        }
        boolean printable = key.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !printable) {
            throw JobRefused.invalid("Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
        }
        return key;
    }

    /** What makes two submissions the same request: the body and the overrides. */
    static String digest(SubmittedJob job) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(job.body());
            for (String part : List.of("dry_run=" + job.dryRun(), "output_dir=" + job.outputDir())) {
                sha.update((byte) 0);
                sha.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
