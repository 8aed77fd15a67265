package io.vidsift.aggregator.domain;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.config.SourceMode;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.JobPlanned;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.TreeSet;

/**
 * A job's counters, kept up to date event by event (O(1) each): what was planned, chunks and videos by status,
 * clips, the first and last report time, whether JobCompleted went out, and a version that grows with every
 * change (the writer uses it to know that files it wrote are still current). Everything the status API,
 * JobCompleted and the summary's totals need, without reading any row. Stored as JSON in the job-totals store.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class JobTotals {

    String jobId;
    boolean planned;
    String name;
    String mode;
    boolean dryRun;
    boolean local;
    long plannedChunks;
    long plannedFiles;
    String timezone;
    String plannedAt;
    String outputDir;
    long[] chunks = new long[DownloadStatus.values().length];
    long[] videos = new long[AnalysisStatus.values().length];
    long recorded;
    long terminal;
    long awaiting;
    long clips;
    // Report times as numbers: each event compares its time with both, and parsing them back from text for every
    // event cost more than the rest of the fold.
    Long firstReportSecond;
    int firstReportNano;
    Long lastReportSecond;
    int lastReportNano;
    boolean announced;
    long version;
    long earlySequence;
    /** Reports parked before the plan with a sequence below this one are folded (and deleted). */
    long earlyDrained;
    /** How many JobDevices parts the device list came in (0: all in the JobPlanned), as the plan or any part says. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    int deviceParts;
    /** The numbers of the parts folded so far; null for the jobs that have none (their rows stay as they were). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    TreeSet<Integer> devicePartsFolded;

    JobTotals() {
    }

    public JobTotals(String jobId) {
        this.jobId = jobId;
    }

    void plan(JobPlanned plan) {
        JobConfig config = plan.config();
        planned = true;
        name = config.name();
        mode = config.mode().key();
        dryRun = config.dryRun();
        local = config.mode() == SourceMode.LOCAL;
        plannedChunks = plan.chunks();
        plannedFiles = plan.files();
        timezone = zone(config.timezone()).getId();
        plannedAt = plan.plannedAt();
        outputDir = config.outputDir();
        deviceParts = Math.max(deviceParts, plan.deviceParts());
    }

    /** Counts a part of the device list as folded; false when it already was (a redelivery). */
    boolean devicePart(int part, int parts) {
        deviceParts = Math.max(deviceParts, parts);
        if (devicePartsFolded == null) {
            devicePartsFolded = new TreeSet<>();
        }
        return devicePartsFolded.add(part);
    }

    /** Every part of the device list the plan announced is folded (true when it had none). */
    public boolean devicesComplete() {
        return (devicePartsFolded == null ? 0 : devicePartsFolded.size()) >= deviceParts;
    }

    /** The job's runtime.timezone; the planner validated it, but a bad one must not stop the files being written. */
    private static ZoneId zone(String timezone) {
        try {
            return ZoneId.of(timezone == null ? JobConfig.DEFAULT_TIMEZONE : timezone);
        } catch (DateTimeException e) {
            return ZoneId.of(JobConfig.DEFAULT_TIMEZONE);
        }
    }

    /** Earliest and latest report time over every report seen, superseded ones included: min and max do not depend on arrival order. */
    void seen(String time) {
        Instant at = EventTimes.instant(time);
        if (at == null) {
            return;
        }
        if (firstReportSecond == null || at.isBefore(Instant.ofEpochSecond(firstReportSecond, firstReportNano))) {
            firstReportSecond = at.getEpochSecond();
            firstReportNano = at.getNano();
        }
        if (lastReportSecond == null || at.isAfter(Instant.ofEpochSecond(lastReportSecond, lastReportNano))) {
            lastReportSecond = at.getEpochSecond();
            lastReportNano = at.getNano();
        }
    }

    void chunk(DownloadStatus status, boolean dryRunReport, int sign) {
        chunks[status.ordinal()] += sign;
        if (status.terminal(dryRunReport)) {
            terminal += sign;
        }
    }

    void video(AnalysisStatus status, int clipCount, int sign) {
        videos[status.ordinal()] += sign;
        clips += (long) sign * clipCount;
    }

    void changed() {
        version++;
    }

    public String jobId() {
        return jobId;
    }

    public boolean planned() {
        return planned;
    }

    public String name() {
        return name;
    }

    public String mode() {
        return mode;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public boolean local() {
        return local;
    }

    public long plannedChunks() {
        return plannedChunks;
    }

    public long plannedFiles() {
        return plannedFiles;
    }

    public ZoneId zone() {
        return zone(timezone);
    }

    public String plannedAt() {
        return plannedAt;
    }

    public String outputDir() {
        return outputDir;
    }

    public long chunks(DownloadStatus status) {
        return chunks[status.ordinal()];
    }

    public long videos(AnalysisStatus status) {
        return videos[status.ordinal()];
    }

    /** Chunks with any report. */
    public long recorded() {
        return recorded;
    }

    public long terminal() {
        return terminal;
    }

    /** Videos with any analysis (every analysis status is terminal). */
    public long analyzed() {
        long total = 0;
        for (long count : videos) {
            total += count;
        }
        return total;
    }

    /** Downloaded chunks whose video has no analysis yet: the analyzer still owes these. */
    public long awaiting() {
        return dryRun ? 0 : awaiting;
    }

    public long clips() {
        return clips;
    }

    public String firstReport() {
        return firstReportSecond == null ? null : Instant.ofEpochSecond(firstReportSecond, firstReportNano).toString();
    }

    public String lastReport() {
        return lastReportSecond == null ? null : Instant.ofEpochSecond(lastReportSecond, lastReportNano).toString();
    }

    public boolean announced() {
        return announced;
    }

    public void markAnnounced() {
        announced = true;
    }

    public long version() {
        return version;
    }
}
