package io.vidsift.simulator;

import io.vidsift.simulator.video.SyntheticVideo;
import io.vidsift.simulator.video.VideoSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SyntheticVideoTest {

    static final VideoSettings SMALL = new VideoSettings(96, 64, 4, 5, 16, 40, 3, 2, 0);

    @TempDir
    Path dir;

    @Test
    void hasTheRequestedDurationFramesAndKeyframes() throws Exception {
        Path file = dir.resolve("a.mp4");
        new SyntheticVideo(SMALL).write(file, 60, false);
        Mp4Facts facts = Mp4Facts.of(Files.readAllBytes(file));
        assertThat(facts.durationSeconds()).isEqualTo(60.0);
        assertThat(facts.samples()).isEqualTo(240);
        assertThat(facts.keyframes()).isEqualTo(12);
    }

    @Test
    void isDeterministicSoRangedDownloadsFitTogether() throws Exception {
        new SyntheticVideo(SMALL).write(dir.resolve("a.mp4"), 30, false);
        new SyntheticVideo(SMALL).write(dir.resolve("b.mp4"), 30, false);
        assertThat(Files.readAllBytes(dir.resolve("a.mp4"))).isEqualTo(Files.readAllBytes(dir.resolve("b.mp4")));
    }

    @Test
    void irregularTimestampsStretchTheContainerNotTheContent() throws Exception {
        Path file = dir.resolve("irregular.mp4");
        new SyntheticVideo(SMALL).write(file, 60, true);
        Mp4Facts facts = Mp4Facts.of(Files.readAllBytes(file));
        assertThat(facts.samples()).isEqualTo(240);
        assertThat(facts.durationSeconds()).isGreaterThan(60.0 * SyntheticVideo.IRREGULAR_STRETCH);
    }

    @Test
    void bitratePaddingReachesTheRequestedSize() throws Exception {
        Path file = dir.resolve("cbr.mp4");
        new SyntheticVideo(new VideoSettings(96, 64, 10, 2, 16, 40, 3, 2, 800)).write(file, 10, false);
        // 800 kbit/s for 10 s = 1,000,000 bytes, give or take the header and moov.
        assertThat(Files.size(file)).isBetween(995_000L, 1_010_000L);
        assertThat(Mp4Facts.of(Files.readAllBytes(file)).samples()).isEqualTo(100);
    }

    /** The real check: FFmpeg decodes every frame without an error. Needs the ffmpeg CLI, skipped without it. */
    @Test
    void ffmpegDecodesEveryFrameWithoutErrors() throws Exception {
        assumeTrue(onPath("ffmpeg"), "ffmpeg CLI not installed: decode check skipped");
        for (boolean irregular : new boolean[]{false, true}) {
            Path file = dir.resolve("decode-" + irregular + ".mp4");
            new SyntheticVideo(SMALL).write(file, 20, irregular);
            Process ffmpeg = new ProcessBuilder(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "framecrc", "-"))
                    .redirectErrorStream(false).start();
            String frames = new String(ffmpeg.getInputStream().readAllBytes());
            String errors = new String(ffmpeg.getErrorStream().readAllBytes());
            assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ffmpeg.exitValue()).isZero();
            assertThat(errors).isEmpty();
            assertThat(frames.lines().filter(l -> l.startsWith("0,")).count()).isEqualTo(80);
            // The square moves: the first moving second gives distinct pictures.
            assertThat(frames.lines().filter(l -> l.startsWith("0,")).limit(8).map(l -> l.substring(l.lastIndexOf(',') + 1)).distinct().count())
                    .isGreaterThan(4);
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
