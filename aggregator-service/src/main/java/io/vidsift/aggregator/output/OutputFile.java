package io.vidsift.aggregator.output;

import java.util.EnumSet;
import java.util.Set;

/** The files the aggregator owns under a job's output.dir. */
public enum OutputFile {
    DOWNLOAD_MANIFEST("hik_cloud_download_manifest.jsonl"),
    VIDEO_MANIFEST("video_manifest.jsonl"),
    RESULTS("results.jsonl"),
    EVENTS("events.jsonl"),
    SUMMARY("summary.json"),
    REPORT("report.html");

    private final String fileName;

    OutputFile(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    /** A download report changes the chunk rows, the pending video rows and the overview. */
    public static Set<OutputFile> touchedByDownload() {
        return EnumSet.of(DOWNLOAD_MANIFEST, VIDEO_MANIFEST, SUMMARY, REPORT);
    }

    /** An analysis changes the video rows, the clip rows and the overview; never the download manifest. */
    public static Set<OutputFile> touchedByAnalysis() {
        return EnumSet.of(VIDEO_MANIFEST, RESULTS, EVENTS, SUMMARY, REPORT);
    }

    /**
     * Which files a job of this kind has. Local jobs have no download manifest; a dry run stops at addresses, as in
     * the seed, so it has no video manifest or results.
     */
    public static Set<OutputFile> forJob(boolean local, boolean dryRun) {
        if (local) {
            return EnumSet.of(VIDEO_MANIFEST, RESULTS, EVENTS, SUMMARY, REPORT);
        }
        if (dryRun) {
            return EnumSet.of(DOWNLOAD_MANIFEST, SUMMARY, REPORT);
        }
        return EnumSet.allOf(OutputFile.class);
    }
}
