package io.vidsift.common.storage;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageLayoutTest {

    @Test
    void cloudVideoNamesComeFromDeviceChannelAndRequestedTimesOnly() {
        assertThat(StorageLayout.cloudVideo("DEV-A1", 2, 1770080400L, 1770081000L))
                .isEqualTo("downloads/hik_cloud/DEV-A1/ch2/DEV-A1_ch2_20260203T010000Z_20260203T011000Z.mp4");
        assertThatThrownBy(() -> StorageLayout.cloudVideo("a/../b", 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolvesAndRelativizesUnderTheRootOnly(@org.junit.jupiter.api.io.TempDir Path root) {
        StorageLayout layout = new StorageLayout(root);
        Path file = layout.resolve("downloads/x.mp4");
        assertThat(file).isEqualTo(root.resolve("downloads/x.mp4"));
        assertThat(layout.relativize(file)).isEqualTo("downloads/x.mp4");
        assertThatThrownBy(() -> layout.resolve("../escape.mp4")).hasMessageContaining("escapes the storage root");
        assertThatThrownBy(() -> layout.resolve("/etc/passwd")).hasMessageContaining("escapes the storage root");
        assertThatThrownBy(() -> layout.relativize(Path.of("/elsewhere/x.mp4"))).hasMessageContaining("not under the storage root");
    }
}
