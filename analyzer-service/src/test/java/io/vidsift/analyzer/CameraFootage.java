package io.vidsift.analyzer;

import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

/**
 * Footage the way cameras and recorders deliver it, written by the tests with JavaCV (GPL FFmpeg: libx264,
 * libx265): every container kind, H.265, a timestamp reset, damaged packets, an IR day/night switch. The same moving
 * box as {@link TestVideos} (20 s to 40 s of 60 s), so every kind has the same expected activity. Made once per
 * test JVM into its own folder.
 */
public final class CameraFootage {

    /** In {@code irswitch.mp4} the picture turns grey and brighter (IR night mode) at this second; nothing moves. */
    public static final double IR_SWITCH_AT = 25.0;
    /** Hikvision's file header in front of the MPEG-PS stream. */
    public static final int IMKH_HEADER_BYTES = 40;

    private static Path dir;

    private CameraFootage() {
    }

    public static synchronized Path dir() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("vidsift-footage");
                int s = TestVideos.SECONDS;
                write(d.resolve("hevc.mp4"), "mp4", AV_CODEC_ID_HEVC, s, 0, CameraFootage::moving, null);
                write(d.resolve("faststart.mp4"), "mp4", AV_CODEC_ID_H264, s, 0, CameraFootage::moving, "+faststart");
                write(d.resolve("fragmented.mp4"), "mp4", AV_CODEC_ID_H264, s, 0, CameraFootage::moving,
                        "+frag_keyframe+empty_moov+default_base_moof");
                write(d.resolve("moving.ts"), "mpegts", AV_CODEC_ID_H264, s, 0, CameraFootage::moving, null);
                write(d.resolve("hevc.ts"), "mpegts", AV_CODEC_ID_HEVC, s, 0, CameraFootage::moving, null);
                write(d.resolve("moving.ps"), "mpeg", AV_CODEC_ID_H264, s, 0, CameraFootage::moving, null);
                Files.write(d.resolve("imkh.mp4"), concat(imkhHeader(), Files.readAllBytes(d.resolve("moving.ps"))));
                // Two recorder segments glued together: the second's timestamps start again where the first's did.
                write(d.resolve("part1.ts"), "mpegts", AV_CODEC_ID_H264, s / 2, 0, CameraFootage::moving, null);
                write(d.resolve("part2.ts"), "mpegts", AV_CODEC_ID_H264, s / 2, s / 2.0, CameraFootage::moving, null);
                Files.write(d.resolve("reset.ts"), concat(Files.readAllBytes(d.resolve("part1.ts")), Files.readAllBytes(d.resolve("part2.ts"))));
                Files.write(d.resolve("damaged.ts"), damage(Files.readAllBytes(d.resolve("moving.ts"))));
                write(d.resolve("irswitch.mp4"), "mp4", AV_CODEC_ID_H264, s, 0, CameraFootage::irSwitch, null);
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

    /** Paints the picture at time {@code t} (seconds of the video's own timeline). */
    interface Painter {
        void paint(ByteBuffer pixels, int stride, double t, Random noise);
    }

    /**
     * @param timelineStart where this file's content sits in the story (a second part paints seconds 30..60) while
     *                      its timestamps start at 0 like the first part's
     */
    private static void write(Path file, String format, int codec, int seconds, double timelineStart, Painter painter,
                              String movflags) throws IOException {
        write(file, format, codec, seconds, timelineStart, painter, movflags, t -> Math.round(t * 1_000_000));
    }

    /** @param micros the timestamp (µs) each frame is written with, from its time in the file */
    static void write(Path file, String format, int codec, int seconds, double timelineStart, Painter painter,
                      String movflags, java.util.function.DoubleToLongFunction micros) throws IOException {
        int w = TestVideos.WIDTH;
        int h = TestVideos.HEIGHT;
        int fps = TestVideos.FPS;
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            recorder.setFormat(format);
            recorder.setVideoCodec(codec);
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize(2 * fps);
            recorder.setVideoQuality(23);
            if (codec == AV_CODEC_ID_HEVC) {
                recorder.setVideoOption("preset", "ultrafast");
                recorder.setVideoOption("x265-params", "log-level=error:bframes=2:scenecut=0");
            } else {
                recorder.setVideoOption("preset", "veryfast");
                recorder.setVideoOption("bf", "2");
                recorder.setVideoOption("sc_threshold", "0");
            }
            if (movflags != null) {
                recorder.setOption("movflags", movflags);
            }
            recorder.start();
            Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            Random noise = new Random(11);
            for (int i = 0; i < seconds * fps; i++) {
                double t = i / (double) fps;
                painter.paint(pixels, frame.imageStride, timelineStart + t, noise);
                recorder.setTimestamp(micros.applyAsLong(t));
                recorder.record(frame);
            }
            recorder.stop();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new IOException("cannot write test footage " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static void moving(ByteBuffer pixels, int stride, double t, Random noise) {
        TestVideos.paint(pixels, stride, TestVideos.boxX(t));
    }

    /**
     * A still, coloured street-like scene with sensor noise; at {@link #IR_SWITCH_AT} the camera switches to IR:
     * every pixel turns grey (its luma) and brighter, at once.
     */
    private static void irSwitch(ByteBuffer pixels, int stride, double t, Random noise) {
        boolean ir = t >= IR_SWITCH_AT;
        for (int y = 0; y < TestVideos.HEIGHT; y++) {
            for (int x = 0; x < TestVideos.WIDTH; x++) {
                int band = (x / 20 + y / 30) % 3;
                int b = band == 0 ? 40 : band == 1 ? 150 : 90;
                int g = band == 0 ? 120 : band == 1 ? 60 : 90;
                int r = band == 0 ? 60 : band == 1 ? 40 : 140;
                int n = noise.nextInt(5) - 2;
                if (ir) {
                    int luma = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b) + 60;
                    r = luma;
                    g = luma;
                    b = luma;
                }
                int p = y * stride + x * 3;
                pixels.put(p, (byte) clamp(b + n));
                pixels.put(p + 1, (byte) clamp(g + n));
                pixels.put(p + 2, (byte) clamp(r + n));
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** "IMKH" and the rest of a 40-byte header (codec and stream facts in real files; not needed to demux). */
    static byte[] imkhHeader() {
        byte[] header = new byte[IMKH_HEADER_BYTES];
        byte[] magic = "IMKH".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 0, magic.length);
        header[4] = 0x01;
        header[5] = 0x02;
        header[8] = 0x04;
        return header;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /**
     * Flips bytes inside the slice data of packets around the middle (sync bytes, TS and PES headers intact, as
     * after a lossy link): the demuxer passes the frames on, the decoder meets broken slices and conceals them.
     */
    private static byte[] damage(byte[] ts) {
        byte[] out = Arrays.copyOf(ts, ts.length);
        Random random = new Random(3);
        int packets = ts.length / 188;
        for (int k = packets / 3; k < 2 * packets / 3; k += 7) {
            int at = k * 188;
            boolean unitStart = (out[at + 1] & 0x40) != 0;
            if (out[at] != 0x47 || unitStart) {
                continue;
            }
            for (int i = at + 120; i < at + 140; i++) {
                out[i] = (byte) random.nextInt(256);
            }
        }
        return out;
    }
}
