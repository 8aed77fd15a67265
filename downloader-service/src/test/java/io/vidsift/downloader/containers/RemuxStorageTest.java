package io.vidsift.downloader.containers;

import io.vidsift.downloader.ContainerCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A remux that cannot be written is the storage's fault, not the video's: it must not read as an unusable video
 * (final, corrupt_body) but as {@link ContainerCheck.RemuxNotWritten}, which the fetcher records as storage
 * (transient). {@code /dev/full} answers every write with ENOSPC, as a full disk does.
 */
class RemuxStorageTest {

    @Test
    void aFullDiskWhileRemuxingIsAStorageFaultNotAnUnusableVideo(@TempDir Path dir) throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full (Linux)");
        Path ts = dir.resolve("clip.ts");
        Footage.write(ts, "mpegts", false, 12, null);

        assertThatThrownBy(() -> ContainerCheck.check(ts, full))
                .isInstanceOf(ContainerCheck.RemuxNotWritten.class)
                .hasMessageContaining("MP4");
        assertThat(ts).exists(); // the received file is the caller's to delete
    }

    @Test
    void theSameFileRemuxesWhereThereIsRoom(@TempDir Path dir) throws Exception {
        Path ts = dir.resolve("clip.ts");
        Footage.write(ts, "mpegts", false, 12, null);
        Path remux = dir.resolve("clip.ts.remux.part");

        ContainerCheck.Checked checked = ContainerCheck.check(ts, remux);

        assertThat(checked.file()).isEqualTo(remux);
        assertThat(checked.container()).isEqualTo("mpeg-ts");
        assertThat(Files.size(remux)).isPositive();
    }
}
