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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * Turns a validated job into its messages. Relative {@code output.dir} and {@code source.local.input_dir} are
 * resolved against the storage root, because that root is the one folder every service mounts.
 */
final class JobPlanner {

    private final StorageLayout storage;
    private final Clock clock;

    JobPlanner(StorageLayout storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    JobPlan plan(String jobId, JobConfig requested) {
        JobConfig job = requested.withOutputDir(storage.root().resolve(requested.outputDir()).normalize().toString());
        String plannedAt = Instant.now(clock).toString();
        if (job.mode() == SourceMode.HIK_CLOUD) {
            HikCloudConfig hik = job.hikCloud();
            ChunkPlan plan = new ChunkPlan(hik.devices(), hik.timeRanges(), hik.chunkSeconds());
            JobPlanned planned = JobPlanned.of(jobId, plannedAt, job, hik.devices().size(), hik.timeRanges().size(), plan.size(), 0);
            Iterable<ChunkRequested> chunks = () -> map(plan.iterator(), chunk -> chunkRequested(jobId, job, chunk));
            return new JobPlan(planned, chunks, List.of());
        }
        Path inputDir = storage.root().resolve(job.local().inputDir()).normalize();
        if (!inputDir.startsWith(storage.root())) {
            throw new PlanningException("source.local.input_dir", "must be inside the storage root " + storage.root() + " (was " + inputDir + ")");
        }
        if (!Files.isDirectory(inputDir)) {
            throw new PlanningException("source.local.input_dir", "is not a directory: " + inputDir);
        }
        List<Path> files = LocalDiscovery.discover(inputDir, job.local());
        JobPlanned planned = JobPlanned.of(jobId, plannedAt, job, 0, 0, 0, files.size());
        List<VideoReady> videos = files.stream().map(file -> videoReady(jobId, job, file)).toList();
        return new JobPlan(planned, List.of(), videos);
    }

    private VideoReady videoReady(String jobId, JobConfig job, Path file) {
        String relative = storage.relativize(file);
        Long bytes = sizeOf(file);
        return new VideoReady(Schema.VERSION, jobId, Ids.videoId(jobId, relative), VideoReady.SOURCE_LOCAL, null, null,
                relative, bytes, null, job.outputDir(), job.analysis());
    }

    private static Long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
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

    private static <A, B> Iterator<B> map(Iterator<A> source, java.util.function.Function<A, B> f) {
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
