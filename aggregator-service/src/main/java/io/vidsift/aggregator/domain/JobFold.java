package io.vidsift.aggregator.domain;

import io.vidsift.common.config.Device;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.ClipSums;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.VideoAnalyzed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds one event into a job's tables, in O(1) table operations (a handful of point reads and writes; an analysis
 * also reads its own clips once). The winner per chunk and per video is chosen by {@link Latest} from the reports
 * alone, and every counter is adjusted by taking the old winner's contribution out and putting the new one's in,
 * so the tables after a set of events do not depend on the order they were folded in. Reports that come before
 * their job's plan and add to hours wait in the early table (hours are local hours of the plan's timezone) until
 * {@link #drainEarly} folds them.
 */
public final class JobFold {

    private static final System.Logger LOG = System.getLogger(JobFold.class.getName());

    private final JobTables tables;
    private final ClipSource clipFiles;
    /**
     * The camera-hours the reports being folded change, each read once and written once when the fold ends
     * ({@link #writeHours}): an analysis adds its clips and its analysed seconds to the same hours.
     */
    private final Map<String, HourBucket> hourEdits = new LinkedHashMap<>();

    public JobFold(JobTables tables, ClipSource clipFiles) {
        this.tables = tables;
        this.clipFiles = clipFiles;
    }

    /** Folds the event; returns whether anything the files or the status show changed. */
    public boolean apply(AggregatorEvent event) {
        hourEdits.clear();
        String jobId = event.jobId();
        JobTotals totals = tables.totals().get(jobId);
        if (totals == null) {
            totals = new JobTotals(jobId);
        }
        boolean changed;
        if (event.devices() != null) {
            changed = devices(totals, event.devices());
        } else if (event.plan() != null) {
            changed = plan(totals, event.plan());
        } else {
            totals.seen(event.download() != null ? event.download().recordedAt() : event.analysis().analyzedAt());
            if (!totals.planned && needsPlan(jobId, event)) {
                tables.early().put(Keys.early(jobId, totals.earlySequence++), event);
                tables.totals().put(jobId, totals);
                return false;
            }
            changed = event.download() != null ? download(totals, event.download()) : analysis(totals, event);
            writeHours();
        }
        if (changed) {
            totals.changed();
        }
        tables.totals().put(jobId, totals);
        return changed;
    }

    /**
     * Whether folding the report needs its job's plan: the hours a downloaded chunk or an analysis adds to are local
     * hours of the plan's timezone. Any other download report folds at once (parking it would only cost a write
     * and a read more); the fold is order-independent, so a report parked now and one folded now give the same
     * tables as in any other order.
     */
    private boolean needsPlan(String jobId, AggregatorEvent event) {
        DownloadRecorded download = event.download();
        if (download == null) {
            return true;
        }
        if (download.status() == DownloadStatus.DOWNLOADED) {
            return true;
        }
        DownloadRecorded current = tables.chunks().get(Keys.chunk(jobId, download.window(), download.chunkId()));
        return current != null && current.status() == DownloadStatus.DOWNLOADED;
    }

    /** The first plan wins: a redelivered JobPlanned is the same job, never a new one. */
    private boolean plan(JobTotals totals, JobPlanned plan) {
        if (totals.planned) {
            return false;
        }
        totals.plan(plan);
        tables.plans().put(plan.jobId(), plan);
        HikCloudConfig hik = plan.config().hikCloud();
        if (hik != null && hik.devices() != null) {
            cameras(plan.jobId(), hik.devices());
        }
        return true;
    }

    /**
     * A part of a big plan's device list: its cameras, like the ones a plan carries itself. Folded whenever it comes
     * (before its plan too: a camera row needs nothing from the plan), once per part number; it changes what the
     * files show only once the plan is there.
     */
    private boolean devices(JobTotals totals, JobDevices part) {
        if (!totals.devicePart(part.part(), part.parts())) {
            return false;
        }
        cameras(part.jobId(), part.devices());
        return totals.planned;
    }

    /** A camera row (with nothing counted yet) per planned device, so that a camera without any chunk is in the files. */
    private void cameras(String jobId, List<Device> devices) {
        for (Device device : devices) {
            Camera camera = new Camera(device.deviceSerial(), device.channelNo(), device.name());
            if (tables.cameras().get(Keys.camera(jobId, camera)) == null) {
                tables.cameras().put(Keys.camera(jobId, camera), new CameraTotals(camera));
            }
        }
    }

    /**
     * Folds up to {@code max} of the reports that came before the job's plan (they wait in the early table);
     * returns whether some are still waiting. In bounded steps, so that a plan arriving after many reports never
     * holds the stream thread long; the order does not matter, as every fold is order-independent.
     */
    public boolean drainEarly(String jobId, int max) {
        JobTotals totals = tables.totals().get(jobId);
        if (totals == null || !totals.planned) {
            return false;
        }
        // Point reads by sequence number from where the last batch ended: a prefix scan from the job's first key
        // would walk over every row the batches before deleted (RocksDB keeps them as tombstones until a compaction),
        // which made draining a large backlog quadratic.
        long end = Math.min(totals.earlySequence, totals.earlyDrained + max);
        boolean changed = false;
        hourEdits.clear();
        for (long sequence = totals.earlyDrained; sequence < end; sequence++) {
            String key = Keys.early(jobId, sequence);
            AggregatorEvent event = tables.early().get(key);
            if (event != null) {
                changed |= event.download() != null ? download(totals, event.download()) : analysis(totals, event);
                tables.early().delete(key);
            }
        }
        writeHours();
        totals.earlyDrained = end;
        if (changed) {
            totals.changed();
        }
        tables.totals().put(jobId, totals);
        return end < totals.earlySequence;
    }

    private boolean download(JobTotals totals, DownloadRecorded incoming) {
        String jobId = totals.jobId;
        String key = Keys.chunk(jobId, incoming.window(), incoming.chunkId());
        DownloadRecorded current = tables.chunks().get(key);
        DownloadRecorded winner = Latest.download(current, incoming);
        if (winner == current || winner.equals(current)) {
            return false;
        }
        tables.chunks().put(key, winner);
        JobClock clock = new JobClock(totals.zone());
        Camera camera = Camera.of(winner.window());
        CameraTotals cameraTotals = camera(jobId, camera);
        if (current == null) {
            totals.recorded++;
            cameraTotals.requestedSeconds += Math.max(0, winner.window().requestedEnd() - winner.window().requestedBegin());
        } else {
            totals.chunk(current.status(), current.dryRun(), -1);
            cameraTotals.chunks[current.status().ordinal()]--;
            if (current.status() == DownloadStatus.DOWNLOADED) {
                long[] span = span(current.window());
                cameraTotals.downloadedSeconds -= Math.max(0, span[1] - span[0]);
                hours(jobId, camera, clock, span, -1, true);
            }
        }
        totals.chunk(winner.status(), winner.dryRun(), 1);
        cameraTotals.chunks[winner.status().ordinal()]++;
        if (winner.status() == DownloadStatus.DOWNLOADED) {
            long[] span = span(winner.window());
            cameraTotals.downloadedSeconds += Math.max(0, span[1] - span[0]);
            hours(jobId, camera, clock, span, 1, true);
        }
        tables.cameras().put(Keys.camera(jobId, camera), cameraTotals);
        boolean wasDownloaded = current != null && current.status() == DownloadStatus.DOWNLOADED;
        boolean isDownloaded = winner.status() == DownloadStatus.DOWNLOADED;
        if (isDownloaded && !wasDownloaded) {
            String videoKey = pendingVideoKey(jobId, winner);
            if (tables.videos().get(videoKey) == null) {
                tables.videos().put(videoKey, VideoEntry.pending(key));
                totals.awaiting++;
            }
        } else if (wasDownloaded && !isDownloaded) {
            String videoKey = pendingVideoKey(jobId, current);
            VideoEntry video = tables.videos().get(videoKey);
            if (video != null && video.pending) {
                tables.videos().delete(videoKey);
                totals.awaiting--;
            }
        }
        return true;
    }

    private static String pendingVideoKey(String jobId, DownloadRecorded chunk) {
        return Keys.video(jobId, chunk.window(), chunk.path(), Ids.videoId(jobId, chunk.path()));
    }

    private boolean analysis(JobTotals totals, AggregatorEvent event) {
        String jobId = totals.jobId;
        VideoAnalyzed incoming = event.analysis();
        String key = Keys.video(jobId, incoming.window(), incoming.path(), incoming.videoId());
        VideoEntry current = tables.videos().get(key);
        boolean replacing = current != null && !current.pending;
        Latest.AnalysisReport report = new Latest.AnalysisReport(incoming.analyzedAt(), incoming.status(), event.clips());
        if (replacing && !Latest.replaces(report, new Latest.AnalysisReport(current.analysis.analyzedAt(),
                current.analysis.status(), current.clipCount))) {
            return false;
        }
        JobClock clock = new JobClock(totals.zone());
        Camera camera = incoming.window() == null ? Camera.LOCAL : Camera.of(incoming.window());
        CameraTotals cameraTotals = camera(jobId, camera);
        if (replacing) {
            withdraw(totals, cameraTotals, camera, clock, key, current);
        } else if (current != null) {
            totals.awaiting--;
        } else {
            settlePendingElsewhere(totals, incoming, key);
        }
        // Which hours this video's clips fall in, and what they add to each: the analyzer's quarter-hour sums when
        // they fit the job's hours, else summed here from the rows (inline, or read from the clip file).
        List<ClipSums> sums = null;
        String clipsError = null;
        boolean inline = event.clipsPath() == null && incoming.clips() != null;
        if (inline) {
            for (ClipResult clip : incoming.clips()) {
                tables.clips().put(Keys.clip(key, clip.index()), clip);
            }
            sums = ClipSums.by(incoming.window(), incoming.clips(), clock::hourStart);
        } else if (event.clipsPath() != null && sumsFitHours(incoming.clipSums(), event.clips(), clock)) {
            sums = incoming.clipSums();
        } else if (event.clipsPath() != null) {
            try {
                List<ClipResult> clips = new ArrayList<>();
                clipFiles.read(event.clipsPath(), clips::add);
                sums = ClipSums.by(incoming.window(), clips, clock::hourStart);
            } catch (IOException | UncheckedIOException e) {
                // The analysis still counts (its status and clip count are in the message); its clips are missing
                // from the hourly figures, and writing results.jsonl reports the file again (and fails, visibly).
                clipsError = "cannot read clips " + event.clipsPath() + ": " + e.getMessage();
                LOG.log(System.Logger.Level.ERROR, "job " + jobId + ", video " + incoming.videoId() + ": " + clipsError);
            }
        }
        Map<Long, ClipStats> byHour = new TreeMap<>();
        ClipStats all = new ClipStats();
        if (sums != null) {
            for (ClipSums period : sums) {
                all.add(period);
                if (period.start() != null) {
                    byHour.computeIfAbsent(clock.hourStart(period.start()), h -> new ClipStats()).add(period);
                }
            }
        }
        for (Map.Entry<Long, ClipStats> hour : byHour.entrySet()) {
            hour(Keys.hour(jobId, camera, hour.getKey())).videos.put(incoming.videoId(), hour.getValue());
        }
        VideoAnalyzed stripped = withoutClips(incoming);
        tables.videos().put(key, VideoEntry.analyzed(stripped, event.clips(), event.clipsPath(), inline,
                new ArrayList<>(byHour.keySet()), clipsError, clipsError == null ? all.activityMean() : null));
        totals.video(incoming.status(), event.clips(), 1);
        cameraTotals.videos[incoming.status().ordinal()]++;
        cameraTotals.clips += event.clips();
        if (incoming.status() == AnalysisStatus.ANALYZED) {
            if (incoming.window() == null) {
                cameraTotals.localSeconds += probeSeconds(incoming);
            } else {
                long[] span = analyzedSpan(incoming);
                cameraTotals.analyzedSeconds += Math.max(0, span[1] - span[0]);
                hours(jobId, camera, clock, span, 1, false);
            }
        }
        tables.cameras().put(Keys.camera(jobId, camera), cameraTotals);
        return true;
    }

    /** Takes a superseded analysis back out of every counter and hour it was added to. */
    private void withdraw(JobTotals totals, CameraTotals cameraTotals, Camera camera, JobClock clock, String key, VideoEntry old) {
        VideoAnalyzed analysis = old.analysis;
        totals.video(analysis.status(), old.clipCount, -1);
        cameraTotals.videos[analysis.status().ordinal()]--;
        cameraTotals.clips -= old.clipCount;
        if (analysis.status() == AnalysisStatus.ANALYZED) {
            if (analysis.window() == null) {
                cameraTotals.localSeconds -= probeSeconds(analysis);
            } else {
                long[] span = analyzedSpan(analysis);
                cameraTotals.analyzedSeconds -= Math.max(0, span[1] - span[0]);
                hours(totals.jobId, camera, clock, span, -1, false);
            }
        }
        for (Long hour : old.clipHours) {
            hour(Keys.hour(totals.jobId, camera, hour)).videos.remove(analysis.videoId());
        }
        if (old.inlineClips) {
            List<String> keys = new ArrayList<>();
            tables.clips().scan(Keys.clips(key), (clipKey, clip) -> keys.add(clipKey));
            keys.forEach(tables.clips()::delete);
        }
    }

    /**
     * An analysis whose video key differs from its downloaded chunk's pending row (another path): the chunk is
     * analysed all the same, so its pending row goes.
     */
    private void settlePendingElsewhere(JobTotals totals, VideoAnalyzed analysis, String key) {
        if (analysis.chunkId() == null || analysis.window() == null) {
            return;
        }
        DownloadRecorded chunk = tables.chunks().get(Keys.chunk(totals.jobId, analysis.window(), analysis.chunkId()));
        if (chunk == null || chunk.status() != DownloadStatus.DOWNLOADED) {
            return;
        }
        String pendingKey = pendingVideoKey(totals.jobId, chunk);
        VideoEntry pending = pendingKey.equals(key) ? null : tables.videos().get(pendingKey);
        if (pending != null && pending.pending) {
            tables.videos().delete(pendingKey);
            totals.awaiting--;
        }
    }

    /**
     * Whether the analyzer's per-quarter sums can stand in for the clip file: present, adding up to the clip count,
     * and each quarter inside one hour of the job's zone (true of every zone in use; checked all the same).
     */
    private static boolean sumsFitHours(List<ClipSums> sums, int clipCount, JobClock clock) {
        if (sums == null || ClipSums.total(sums) != clipCount) {
            return false;
        }
        for (ClipSums quarter : sums) {
            Long start = quarter.start();
            if (start != null && clock.hourStart(start) != clock.hourStart(start + ClipSums.QUARTER_SECONDS - 1)) {
                return false;
            }
        }
        return true;
    }

    /** Adds ({@code sign} 1) or removes (-1) a span's seconds to the camera's hours it overlaps. */
    private void hours(String jobId, Camera camera, JobClock clock, long[] span, int sign, boolean downloaded) {
        if (span[1] <= span[0]) {
            return;
        }
        for (long hour = clock.hourStart(span[0]), next; hour < span[1]; hour = next) {
            next = clock.nextHour(hour);
            long seconds = Math.max(0, Math.min(next, span[1]) - Math.max(hour, span[0]));
            HourBucket bucket = hour(Keys.hour(jobId, camera, hour));
            if (downloaded) {
                bucket.downloadedSeconds += sign * seconds;
            } else {
                bucket.analyzedSeconds += sign * seconds;
            }
        }
    }

    /** A camera-hour row as the reports folded so far left it (new and empty if there is none yet). */
    private HourBucket hour(String hourKey) {
        return hourEdits.computeIfAbsent(hourKey, key -> {
            HourBucket bucket = tables.hours().get(key);
            return bucket == null ? new HourBucket() : bucket;
        });
    }

    /** Writes the changed hours; one with nothing left in it goes, as it would not be there without the withdrawn report. */
    private void writeHours() {
        for (Map.Entry<String, HourBucket> edit : hourEdits.entrySet()) {
            if (edit.getValue().empty()) {
                tables.hours().delete(edit.getKey());
            } else {
                tables.hours().put(edit.getKey(), edit.getValue());
            }
        }
        hourEdits.clear();
    }

    private CameraTotals camera(String jobId, Camera camera) {
        CameraTotals totals = tables.cameras().get(Keys.camera(jobId, camera));
        return totals == null ? new CameraTotals(camera) : totals;
    }

    /** What a chunk covers: the actual times the API answered, else the requested window. */
    public static long[] span(CloudWindow w) {
        long begin = w.actualBegin() != null ? w.actualBegin() : w.requestedBegin();
        long end = w.actualEnd() != null ? w.actualEnd() : w.requestedEnd();
        return new long[]{begin, end};
    }

    /** The probe's duration is what was really analyzed; the window is the fallback when probing told nothing. */
    public static long[] analyzedSpan(VideoAnalyzed video) {
        long[] span = span(video.window());
        if (video.probe() != null && video.probe().durationSeconds() != null && video.probe().durationSeconds() > 0) {
            span[1] = span[0] + Math.round(video.probe().durationSeconds());
        }
        return span;
    }

    private static double probeSeconds(VideoAnalyzed video) {
        return video.probe() == null || video.probe().durationSeconds() == null ? 0 : video.probe().durationSeconds();
    }

    /** The analysis as stored: the clips stay in their file (or the clips store), never in the video's row; their sums are folded. */
    static VideoAnalyzed withoutClips(VideoAnalyzed v) {
        return new VideoAnalyzed(v.schema(), v.jobId(), v.videoId(), v.chunkId(), v.source(), v.window(), v.path(), v.probe(),
                v.samplingMode(), v.effectiveFps(), v.framesSampled(), v.framesDropped(), null, v.model(), v.device(),
                v.timingsMs(), v.status(), v.error(), v.analyzedAt(), v.clipTotal(), v.clipsPath(), v.timestampResets(),
                v.framesCorrupt(), null);
    }
}
