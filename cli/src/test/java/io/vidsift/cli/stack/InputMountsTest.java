package io.vidsift.cli.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputMountsTest {

    @TempDir
    Path dir;

    @Test
    void foldersOutsideTheStorageRootAreLinkedUnderInputsWithUniqueNames() throws IOException {
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path a = Files.createDirectories(dir.resolve("site-a/Videos"));
        Path b = Files.createDirectories(dir.resolve("site-b/Videos"));
        Files.writeString(a.resolve("x.mp4"), "x");

        List<InputMount> mounts = InputMounts.mount(storage, List.of(a, b, a));

        assertThat(mounts).extracting(InputMount::relative).containsExactly("inputs/Videos", "inputs/Videos-2");
        assertThat(mounts.get(0).dir()).isEqualTo(a.toRealPath().toString());
        Path link = storage.resolve("inputs/Videos");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(link.resolve("x.mp4")).hasContent("x");
    }

    @Test
    void aFolderInsideTheStorageRootNeedsNoLink() throws IOException {
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path inside = Files.createDirectories(storage.resolve("cams"));
        assertThat(InputMounts.mount(storage, List.of(inside))).isEmpty();
    }

    @Test
    void stackUpReplacesOldLinksAndNeverTouchesRealFilesUnderInputs() throws IOException {
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path old = Files.createDirectories(dir.resolve("old"));
        Path now = Files.createDirectories(dir.resolve("now"));
        InputMounts.mount(storage, List.of(old));
        Path mine = Files.createDirectories(storage.resolve("inputs/mine"));

        List<InputMount> mounts = InputMounts.mount(storage, List.of(now));

        assertThat(storage.resolve("inputs/old")).doesNotExist();
        assertThat(mine).isDirectory();
        assertThat(mounts).extracting(InputMount::relative).containsExactly("inputs/now");

        InputMounts.unmount(mounts);
        assertThat(Files.exists(storage.resolve("inputs/now"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(now).isDirectory();
        assertThat(mine).isDirectory();
    }

    @Test
    void noInputsLeavesTheStorageRootAlone() {
        Path storage = dir.resolve("someone-elses-folder");
        assertThat(InputMounts.mount(storage, List.of())).isEmpty();
        assertThat(storage).doesNotExist();
    }

    @Test
    void anInputThatIsAFileIsABadOption() throws IOException {
        Path file = Files.writeString(dir.resolve("file.mp4"), "x");
        assertThatThrownBy(() -> InputMounts.mount(Files.createDirectories(dir.resolve("s")), List.of(file)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--input: not a usable directory: " + file);
    }
}
