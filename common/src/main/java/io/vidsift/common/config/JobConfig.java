package io.vidsift.common.config;

import java.time.ZoneId;

/**
 * A validated job. Paths are kept as the user wrote them; {@code storageRoot} defaults to the output dir
 * (hik_cloud mode) or the input dir (local mode). {@code hikCloud} is null in local mode, {@code local} null in
 * hik_cloud mode.
 */
public record JobConfig(
        String name,
        boolean dryRun,
        SourceMode mode,
        LocalSource local,
        HikCloudConfig hikCloud,
        String timezone,
        String outputDir,
        String storageRoot,
        AnalysisConfig analysis) {

    public static final String DEFAULT_TIMEZONE = "Asia/Shanghai";

    public ZoneId zone() {
        return ZoneId.of(timezone);
    }

    public JobConfig withDryRun(boolean dryRun) {
        return new JobConfig(name, dryRun, mode, local, hikCloud, timezone, outputDir, storageRoot, analysis);
    }

    public JobConfig withOutputDir(String outputDir) {
        return new JobConfig(name, dryRun, mode, local, hikCloud, timezone, outputDir, storageRoot, analysis);
    }
}
