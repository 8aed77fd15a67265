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
        try (Stream<Path> files = source.recursive() ? Files.walk(inputDir) : Files.list(inputDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> hasExtension(file, source.extensions()))
                    .filter(file -> !Files.isSymbolicLink(file) || allowed.test(file))
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
