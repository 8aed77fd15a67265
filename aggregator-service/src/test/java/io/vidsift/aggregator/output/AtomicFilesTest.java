package io.vidsift.aggregator.output;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNoTempFileBehind() throws IOException {
        Path target = dir.resolve("sub/manifest.jsonl");
        AtomicFiles.write(target, "a\n");
        AtomicFiles.write(target, "b\nc\n");
        assertThat(Files.readAllLines(target)).containsExactly("b", "c");
        if (Files.getFileStore(target).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
        }
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void relativeOutputDirsResolveAgainstTheBase() {
        OutputDirs dirs = new OutputDirs(dir);
        assertThat(dirs.resolve("out/job")).isEqualTo(dir.resolve("out/job"));
        assertThat(dirs.resolve("/abs/out")).isEqualTo(Path.of("/abs/out"));
    }
}
