package io.vidsift.downloader;

import io.vidsift.simulator.video.SyntheticVideo;
import io.vidsift.simulator.video.VideoSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Mp4CheckTest {

    @TempDir
    Path dir;

    @Test
    void acceptsACompleteMp4AndRejectsTruncatedOrForeignFiles() throws Exception {
        Path good = dir.resolve("good.mp4");
        new SyntheticVideo(new VideoSettings(64, 48, 2, 5, 16, 8, 3, 2, 0)).write(good, 20, false);
        assertThatCode(() -> Mp4Check.verify(good)).doesNotThrowAnyException();

        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.mp4"), Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> Mp4Check.verify(truncated)).isInstanceOf(Mp4Check.NotMp4.class).hasMessageContaining("moov");

        Path html = Files.writeString(dir.resolve("error.mp4"), "<html><body>AccessDenied</body></html>");
        assertThatThrownBy(() -> ContainerKind.sniff(html)).isInstanceOf(UnusableVideo.class)
                .hasMessage("not a video: starts with '<html><b'");

        Path empty = Files.write(dir.resolve("empty.mp4"), new byte[0]);
        assertThatThrownBy(() -> Mp4Check.verify(empty)).isInstanceOf(Mp4Check.NotMp4.class).hasMessageContaining("empty");
    }
}
