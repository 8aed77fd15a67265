package io.vidsift.aggregator.output;

import java.nio.file.Path;

/**
 * Where a job's files go. An absolute output.dir is used as written; a relative one is resolved against
 * {@code base} (vidsift.aggregator.output-base, by default vidsift.storage.root, which is what the planner resolves
 * it against), because the aggregator may run in another folder or container than the planner.
 */
public record OutputDirs(Path base) {

    public Path resolve(String outputDir) {
        Path dir = Path.of(outputDir == null || outputDir.isBlank() ? "." : outputDir);
        return (dir.isAbsolute() ? dir : base.resolve(dir)).toAbsolutePath().normalize();
    }
}
