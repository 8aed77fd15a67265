package io.vidsift.planner;

import io.vidsift.common.config.LocalSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds the video files of a local-mode job: by extension (case-insensitive), optionally recursive, sorted by
 * path so that a resumed plan walks them in the same order. A symlinked file counts only when {@code allowed}
 * accepts where it really points.
 */
final class LocalDiscovery {

    private LocalDiscovery() {
    }

    static List<Path> discover(Path inputDir, LocalSource source, Predicate<Path> allowed) {
        if (!Files.isDirectory(inputDir)) {
            throw new IllegalArgumentException("source.local.input_dir: not a directory: " + inputDir);
        }
        // input_dir may be a link into the storage root to a folder elsewhere (vidsift stack up --input): walk
        // its target, which Files.walk does not enter from a link, and name each file through the link.
        Path real;
        try {
            real = inputDir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + inputDir, e);
        }
        try (Stream<Path> files = source.recursive() ? Files.walk(real) : Files.list(real)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> hasExtension(file, source.extensions()))
                    .filter(file -> !Files.isSymbolicLink(file) || allowed.test(file))
                    .map(file -> inputDir.resolve(real.relativize(file)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + inputDir, e);
        }
    }

    private static boolean hasExtension(Path file, List<String> extensions) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return extensions.stream().anyMatch(name::endsWith);
    }
}
