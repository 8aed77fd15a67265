package io.vidsift.planner;

import io.vidsift.common.config.LocalSource;
import io.vidsift.common.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A local input_dir that is a link into the storage root (vidsift stack up --input) is walked through the link. */
class LocalDiscoveryTest {

    @TempDir
    Path dir;

    @Test
    void aLinkedInputDirIsWalkedAndItsFilesAreNamedUnderTheStorageRoot() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("Videos/cam1"));
        Files.writeString(elsewhere.resolve("a.mp4"), "a");
        Files.writeString(dir.resolve("Videos/b.MOV"), "b");
        Files.writeString(dir.resolve("Videos/notes.txt"), "n");
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path link = Files.createSymbolicLink(Files.createDirectories(storage.resolve("inputs")).resolve("Videos"), dir.resolve("Videos"));

        List<Path> recursive = LocalDiscovery.discover(link, new LocalSource(link.toString(), List.of(".mp4", ".mov"), true), file -> true);
        List<Path> flat = LocalDiscovery.discover(link, new LocalSource(link.toString(), List.of(".mp4", ".mov"), false), file -> true);

        StorageLayout layout = new StorageLayout(storage);
        assertThat(recursive).map(layout::relativize).containsExactly("inputs/Videos/b.MOV", "inputs/Videos/cam1/a.mp4");
        assertThat(flat).map(layout::relativize).containsExactly("inputs/Videos/b.MOV");
        assertThat(layout.resolve("inputs/Videos/cam1/a.mp4")).hasContent("a");
    }
}
