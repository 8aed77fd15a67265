package io.vidsift.aggregator.output;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNoTempFileBehind() throws IOException {
        Path target = dir.resolve("sub/manifest.jsonl");
        AtomicFiles.write(target, out -> out.write("a\n"));
        AtomicFiles.write(target, out -> out.write("b\nc\n"));
        assertThat(Files.readAllLines(target)).containsExactly("b", "c");
        if (Files.getFileStore(target).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
        }
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTempFile() throws IOException {
        Path target = dir.resolve("manifest.jsonl");
        AtomicFiles.write(target, out -> out.write("old\n"));
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("half a li");
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(Files.readAllLines(target)).containsExactly("old");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void relativeOutputDirsResolveAgainstTheBase() {
        OutputDirs dirs = new OutputDirs(dir, List.of(Path.of("/")));
        assertThat(dirs.resolve("out/job")).isEqualTo(dir.resolve("out/job"));
        assertThat(dirs.resolve("/abs/out")).isEqualTo(Path.of("/abs/out"));
    }

    @Test
    void aMessageCannotMakeTheAggregatorWriteOutsideItsRoots() throws IOException {
        Path root = dir.resolve("storage");
        Files.createDirectories(root);
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        OutputDirs dirs = new OutputDirs(root, List.of(root));
        assertThat(dirs.resolve("out/job")).isEqualTo(root.resolve("out/job"));
        for (String hostile : List.of("../elsewhere", "/etc/vidsift", "out/../../elsewhere", "link/job")) {
            assertThatThrownBy(() -> dirs.resolve(hostile)).as(hostile)
                    .isInstanceOf(OutputDirs.OutputRefusedException.class)
                    .hasMessageContaining("outside the aggregator's output roots");
        }
    }
}
