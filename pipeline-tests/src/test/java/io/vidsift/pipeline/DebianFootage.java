package io.vidsift.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test footage made by Debian's ffmpeg (another FFmpeg build than the one the services read with, as a camera's is),
 * from lavfi sources: a still grey scene with temporal sensor noise and a yellow box. Each file is made once and kept
 * under {@code target/footage/}, named by the hash of the command that made it, so a re-run reuses it and a changed
 * command makes a new one. Tests that need it are skipped, visibly, where /usr/bin/ffmpeg is not installed.
 */
final class DebianFootage {

    static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
    static final int FPS = 15;
    private static final Path CACHE = Path.of("target/footage");

    private DebianFootage() {
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(FFMPEG), "test skipped: Debian's ffmpeg (/usr/bin/ffmpeg) is not installed");
    }

    /** The video source: the scene, and the box at x = {@code boxX} (an ffmpeg expression of t, in seconds). */
    static List<String> scene(int width, int height, int seconds, String boxX) {
        String size = width + "x" + height;
        int boxW = width / 8;
        int boxH = height / 3;
        return List.of("-f", "lavfi", "-i", "color=c=0x4a5a6a:s=" + size + ":r=" + FPS + ":d=" + seconds,
                "-f", "lavfi", "-i", "color=c=0xf0d020:s=" + boxW + "x" + boxH + ":r=" + FPS + ":d=" + seconds,
                "-filter_complex", "[0:v]noise=alls=6:allf=t+u[bg];[bg][1:v]overlay=x='" + boxX + "':y=" + (height / 3)
                        + ":shortest=1,format=yuv420p");
    }

    /** H.264 (2 s GOP, B-frames but where {@code noBFrames}) or H.265, as ffmpeg encoding options. */
    static List<String> codec(boolean hevc, boolean noBFrames) {
        if (hevc) {
            return List.of("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:bframes=2:keyint=30");
        }
        return List.of("-c:v", "libx264", "-preset", "veryfast", "-g", String.valueOf(2 * FPS), "-bf", noBFrames ? "0" : "2");
    }

    /** The file {@code name} made from these ffmpeg arguments (inputs, filters, codec, muxer), cached. */
    static Path make(String name, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(FFMPEG.toString(), "-hide_banner", "-nostdin", "-y"));
        command.addAll(args);
        Path file = CACHE.resolve(hash(command) + "-" + name).toAbsolutePath();
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        command.add(tmp.toString());
        Path log = file.resolveSibling(file.getFileName() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("ffmpeg did not finish within 120 s making " + name + ", see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException("ffmpeg exited " + process.exitValue() + " making " + name + ": " + Files.readString(log));
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Hikvision's 40-byte file header ("IMKH" and stream facts a demuxer does not need) in front of a PS file. */
    static Path imkh(Path ps, String name) throws IOException {
        Path file = ps.resolveSibling(ps.getFileName() + "-" + name);
        if (!Files.isRegularFile(file)) {
            byte[] header = new byte[40];
            System.arraycopy("IMKH".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 4);
            header[4] = 1;
            header[5] = 2;
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var out = Files.newOutputStream(tmp)) {
                out.write(header);
                Files.copy(ps, out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return file;
    }

    private static String hash(List<String> command) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\u0000", command).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
