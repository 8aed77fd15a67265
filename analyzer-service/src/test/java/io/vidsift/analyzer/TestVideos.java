package io.vidsift.analyzer;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;

/**
 * Footage the tests write themselves with JavaCV (libx264 from the GPL FFmpeg build: B-frames and a 2 s GOP like a
 * camera), small and short so the whole set takes seconds. Made once per test JVM: this holder is the one piece of
 * static state in the tests, and it only caches files.
 */
public final class TestVideos {

    public static final int WIDTH = 160;
    public static final int HEIGHT = 120;
    public static final int FPS = 15;
    public static final int SECONDS = 60;
    /** The box moves only between these instants, so with 1 fps samples only samples 20..39 see it move. */
    public static final double MOVE_FROM = 19.3;
    public static final double MOVE_TO = 39.0;
    /** In the broken file, timestamps jump forward by three hours after this second. */
    public static final int BROKEN_AFTER = 20;

    private static Path dir;

    private TestVideos() {
    }

    public static synchronized Path dir() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("vidsift-videos");
                write(d.resolve("static.mp4"), false, false);
                write(d.resolve("moving.mp4"), true, false);
                write(d.resolve("broken.mp4"), true, true);
                byte[] moving = Files.readAllBytes(d.resolve("moving.mp4"));
                Files.write(d.resolve("truncated.mp4"), Arrays.copyOf(moving, moving.length / 3));
                Files.write(d.resolve("empty.mp4"), new byte[0]);
                Files.writeString(d.resolve("notes.mp4"), "this is not a video\n".repeat(50));
                dir = d;
                d.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }

    /** Copies the generated videos into {@code root/sub} (tests that need them under a storage root). */
    public static void copyInto(Path root, String sub) throws IOException {
        Path target = Files.createDirectories(root.resolve(sub));
        try (var files = Files.list(dir())) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void write(Path file, boolean moving, boolean brokenTimestamps) throws IOException {
        CameraFootage.write(file, "mp4", AV_CODEC_ID_H264, SECONDS, 0, (pixels, stride, t, noise) -> paint(pixels, stride, moving ? boxX(t) : -1),
                null, t -> Math.round(t * 1_000_000) + (brokenTimestamps && t >= BROKEN_AFTER ? 3L * 3600 * 1_000_000 : 0));
    }

    /** Left edge of the box at time t: parked, then sliding 90 px, then parked again. */
    static int boxX(double t) {
        double progress = Math.max(0, Math.min(1, (t - MOVE_FROM) / (MOVE_TO - MOVE_FROM)));
        return 10 + (int) Math.round(progress * 110);
    }

    /** A textured static background (diagonal stripes, so codec noise is realistic) and a bright box. */
    static void paint(ByteBuffer pixels, int stride, int boxX) {
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int v = ((x + y) / 8) % 2 == 0 ? 70 : 110;
                boolean box = boxX >= 0 && x >= boxX && x < boxX + 24 && y >= 40 && y < 80;
                int p = y * stride + x * 3;
                pixels.put(p, (byte) (box ? 240 : v));
                pixels.put(p + 1, (byte) (box ? 220 : v));
                pixels.put(p + 2, (byte) (box ? 30 : v));
            }
        }
    }
}
