package io.vidsift.downloader.containers;

import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

/**
 * Camera-like footage in the containers devices and cloud downloads use, written by the test with JavaCV (GPL
 * FFmpeg: libx264, libx265): a textured scene with sensor noise and a box that moves, 160x120, 15 fps, 2 s GOP,
 * B-frames (except in MPEG-PS, as Hikvision's).
 */
final class Footage {

    static final int WIDTH = 160;
    static final int HEIGHT = 120;
    static final int FPS = 15;

    private Footage() {
    }

    static void write(Path file, String format, boolean hevc, int seconds, String movflags) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 0)) {
            recorder.setFormat(format);
            recorder.setVideoCodec(hevc ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(FPS);
            recorder.setGopSize(2 * FPS);
            recorder.setVideoQuality(20);
            if (hevc) {
                recorder.setVideoOption("preset", "ultrafast");
                recorder.setVideoOption("x265-params", "log-level=error:bframes=2:scenecut=0");
            } else {
                recorder.setVideoOption("preset", "veryfast");
                // Hikvision's PS streams have no B-frames (and FFmpeg's PS muxer leaves most frames without a PTS, which
                // with B-frames no remuxer can restore without decoding).
                recorder.setVideoOption("bf", format.equals("mpeg") ? "0" : "2");
                recorder.setVideoOption("sc_threshold", "0");
            }
            if (movflags != null) {
                recorder.setOption("movflags", movflags);
            }
            recorder.start();
            Frame frame = new Frame(WIDTH, HEIGHT, Frame.DEPTH_UBYTE, 3);
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            Random noise = new Random(5);
            for (int i = 0; i < seconds * FPS; i++) {
                int boxX = 10 + (i * 2) % (WIDTH - 40);
                for (int y = 0; y < HEIGHT; y++) {
                    for (int x = 0; x < WIDTH; x++) {
                        int v = ((x + y) / 8) % 2 == 0 ? 70 : 110;
                        boolean box = x >= boxX && x < boxX + 24 && y >= 40 && y < 80;
                        int p = y * frame.imageStride + x * 3;
                        int n = noise.nextInt(9) - 4;
                        pixels.put(p, (byte) (box ? 240 : v + n));
                        pixels.put(p + 1, (byte) (box ? 220 : v + n));
                        pixels.put(p + 2, (byte) (box ? 30 : v + n));
                    }
                }
                recorder.setTimestamp(Math.round(i * 1_000_000.0 / FPS));
                recorder.record(frame);
            }
            recorder.stop();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new IOException("cannot write test footage " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Hikvision's 40-byte file header, then the PS stream. */
    static void imkh(Path ps, Path target) throws IOException {
        byte[] header = new byte[40];
        System.arraycopy("IMKH".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, header, 0, 4);
        header[4] = 1;
        header[5] = 2;
        byte[] body = Files.readAllBytes(ps);
        byte[] all = new byte[header.length + body.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        Files.write(target, all);
    }

    /** Two recorder segments glued together: the second's timestamps start again at the first's. */
    static void concat(Path a, Path b, Path target) throws IOException {
        byte[] x = Files.readAllBytes(a);
        byte[] y = Files.readAllBytes(b);
        byte[] all = new byte[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        Files.write(target, all);
    }
}
