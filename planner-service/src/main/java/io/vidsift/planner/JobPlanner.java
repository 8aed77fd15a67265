package io.vidsift.planner;

import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.config.SourceMode;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.common.storage.StorageLayout;
import io.vidsift.common.time.Chunk;
import io.vidsift.common.time.ChunkPlan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Turns a validated job into its JobPlanned header, and a JobPlanned into its work items. The items are a pure
 * function of the header (chunk ids hash job, device, channel and window), so a plan interrupted anywhere is
 * resumed from the header alone and re-publishing a boundary item is harmless. Paths the job names are confined
 * to the operator's roots ({@link WriteRoots}); relative ones resolve against the storage root, the one folder
 * every service mounts.
 */
public final class JobPlanner {

    static final String OUTPUT_DIR = "output.dir";
    static final String INPUT_DIR = "source.local.input_dir";

    private final WriteRoots roots;
    private final StorageLayout storage;
    private final Clock clock;

    public JobPlanner(WriteRoots roots, Clock clock) {
        this.roots = roots;
        this.storage = new StorageLayout(roots.storageRoot());
        this.clock = clock;
    }

    public JobPlanned plan(String jobId, JobConfig requested) {
        JobConfig job = requested.withOutputDir(roots.confine(OUTPUT_DIR, requested.outputDir()).toString());
        String plannedAt = Instant.now(clock).toString();
        if (job.mode() == SourceMode.HIK_CLOUD) {
            HikCloudConfig hik = job.hikCloud();
            long chunks = new ChunkPlan(hik.devices(), hik.timeRanges(), hik.chunkSeconds()).size();
            return JobPlanned.of(jobId, plannedAt, job, hik.devices().size(), hik.timeRanges().size(), chunks, 0);
        }
        return JobPlanned.of(jobId, plannedAt, job, 0, 0, 0, discover(job).size());
    }

    /** The work items of a planned job, lazily for chunks so that millions never sit in memory. */
    public JobPlan items(JobPlanned planned) {
        String jobId = planned.jobId();
        JobConfig job = planned.config();
        if (job.mode() == SourceMode.HIK_CLOUD) {
            HikCloudConfig hik = job.hikCloud();
            ChunkPlan plan = new ChunkPlan(hik.devices(), hik.timeRanges(), hik.chunkSeconds());
            Iterable<ChunkRequested> chunks = () -> map(plan.iterator(), chunk -> chunkRequested(jobId, job, chunk));
            return new JobPlan(planned, chunks, List.of());
        }
        List<VideoReady> videos = discover(job).stream().map(file -> videoReady(jobId, job, file)).toList();
        return new JobPlan(planned, List.of(), videos);
    }

    /**
     * The input dir is judged twice: where it really is (symlinks followed) must be under an allowed root, and
     * the name it is given must be inside the storage root, because every message path is relative to that root.
     * A link inside the storage root to an allowed folder elsewhere ({@code vidsift stack up --input}) passes
     * both, and its files are named through the link.
     */
    private List<Path> discover(JobConfig job) {
        Path real = roots.confine(INPUT_DIR, job.local().inputDir());
        Path named = storage.root().resolve(job.local().inputDir()).normalize();
        if (!named.startsWith(storage.root())) {
            throw JobRefused.invalid(INPUT_DIR, "must be inside the storage root " + storage.root() + " (was " + named + ")");
        }
        if (!Files.isDirectory(real)) {
            throw JobRefused.invalid(INPUT_DIR, "is not a directory: " + named);
        }
        return LocalDiscovery.discover(named, job.local(), roots::contains);
    }

    private VideoReady videoReady(String jobId, JobConfig job, Path file) {
        String relative = storage.relativize(file);
        return new VideoReady(Schema.VERSION, jobId, Ids.videoId(jobId, relative), VideoReady.SOURCE_LOCAL, null, null,
                relative, sizeOf(file), null, job.outputDir(), job.analysis());
    }

    private static Long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static ChunkRequested chunkRequested(String jobId, JobConfig job, Chunk chunk) {
        HikCloudConfig hik = job.hikCloud();
        var device = chunk.device();
        CloudWindow window = new CloudWindow(device.deviceSerial(), device.channelNo(), device.name(), chunk.begin(), chunk.end(), null, null);
        return new ChunkRequested(Schema.VERSION, jobId,
                Ids.chunkId(jobId, device.deviceSerial(), device.channelNo(), chunk.begin(), chunk.end()), window,
                job.dryRun(), hik.apiBaseUrl(), hik.downloadPath(), hik.tokenPath(), hik.timeoutSeconds(),
                hik.downloadTimeoutSeconds(), job.outputDir(), job.analysis());
    }

    private static <A, B> Iterator<B> map(Iterator<A> source, Function<A, B> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public B next() {
                return f.apply(source.next());
            }
        };
    }
}
