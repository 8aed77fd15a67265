package io.vidsift.aggregator.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a job's files go, and whether they may go there. An absolute output.dir is used as written; a relative one
 * is resolved against {@code base} (vidsift.aggregator.output-base, by default vidsift.storage.root, which is what
 * the planner resolves it against). The result must lie under one of {@code roots} (vidsift.aggregator.output-roots,
 * by default the storage root), checked after following the symbolic links of what already exists: a message can
 * never make the aggregator write elsewhere.
 */
public record OutputDirs(Path base, List<Path> roots) {

    public OutputDirs {
        base = base.toAbsolutePath().normalize();
        roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    }

    /** @throws OutputRefusedException when the folder is outside every root */
    public Path resolve(String outputDir) {
        Path dir = Path.of(outputDir == null || outputDir.isBlank() ? "." : outputDir);
        Path resolved = (dir.isAbsolute() ? dir : base.resolve(dir)).toAbsolutePath().normalize();
        Path real = real(resolved);
        for (Path root : roots) {
            if (real.startsWith(real(root))) {
                return resolved;
            }
        }
        throw new OutputRefusedException("output_dir " + resolved + " is outside the aggregator's output roots " + roots
                + " (vidsift.aggregator.output-roots); no file was written");
    }

    /** The path with the links of its longest existing ancestor resolved (the rest does not exist yet). */
    private static Path real(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            return path;
        }
    }

    /** A job's output.dir the aggregator must not write to: final for that job until its plan changes. */
    public static final class OutputRefusedException extends IllegalArgumentException {
        public OutputRefusedException(String message) {
            super(message);
        }
    }
}
