package io.vidsift.analyzer.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.platform.Fp16Conversions;
import io.vidsift.analyzer.TestVideos;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GBRP;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * The detector's input as the scorer fills it: swscale writing planar float (GBRPF32) straight into the tensor at the
 * letterbox offset, on real decoded H.264 pictures, a 720p camera-sized one with sharp colour edges (scaled down) and
 * the tests' 160x120 one (scaled up). Checked against (1) swscale's planar 8-bit output of the same conversion divided
 * by 255, within rounding (≤ 1/255); (2) the path before it (packed RGB24, then each byte / 255): the same luma within
 * 1/255 everywhere, the only change being chroma, which planar RGB interpolates at full output resolution where packed
 * RGB24 shares one chroma value between two output pixels; (3) a held-back frame's copy of its planes and the float16
 * path (8-bit planes through the table) giving the same values.
 */
class LetterboxTensorTest {

    private static final int INPUT = 640;
    private static final float GREY = 114 / 255f;

    @TempDir
    Path dir;

    @Test
    void aDownscaled720pFrameGoesInAsSwscalesPlanarRgb() throws Exception {
        Path file = write720p(dir.resolve("720p.mp4"));
        AVFrame picture = decode(file, 3);
        try {
            assertInput(picture);
        } finally {
            av_frame_free(picture);
        }
    }

    @Test
    void anUpscaledSmallFrameGoesInAsSwscalesPlanarRgb() throws Exception {
        AVFrame picture = decode(TestVideos.file("moving.mp4"), 25);
        try {
            assertInput(picture);
        } finally {
            av_frame_free(picture);
        }
    }

    private static void assertInput(AVFrame picture) throws Exception {
        Letterbox box = Letterbox.of(picture.width(), picture.height(), INPUT);
        int slot = 1;
        float[] now = direct(picture, box, slot);
        int plane = INPUT * INPUT;
        int offset = slot * 3 * plane;
        byte[] planar = swscale(picture, box, AV_PIX_FMT_GBRP);
        byte[] packed = swscale(picture, box, AV_PIX_FMT_RGB24);
        int w = box.width();
        int h = box.height();
        float worstPlanar = 0;
        float worstLuma = 0;
        for (int y = 0; y < INPUT; y++) {
            for (int x = 0; x < INPUT; x++) {
                int at = offset + y * INPUT + x;
                int py = y - box.padY();
                int px = x - box.padX();
                if (py < 0 || py >= h || px < 0 || px >= w) {
                    for (int c = 0; c < 3; c++) {
                        if (now[at + c * plane] != GREY) {
                            throw new AssertionError("border at " + x + "," + y + " is " + now[at + c * plane]);
                        }
                    }
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    // GBRP's planes are G, B, R.
                    int byteValue = planar[((c + 2) % 3) * w * h + py * w + px] & 0xff;
                    worstPlanar = Math.max(worstPlanar, Math.abs(now[at + c * plane] - byteValue / 255f));
                }
                int p = (py * w + px) * 3;
                float lumaBefore = luma((packed[p] & 0xff) / 255f, (packed[p + 1] & 0xff) / 255f, (packed[p + 2] & 0xff) / 255f);
                float lumaNow = luma(now[at], now[at + plane], now[at + 2 * plane]);
                worstLuma = Math.max(worstLuma, Math.abs(lumaNow - lumaBefore));
            }
        }
        String frame = picture.width() + "x" + picture.height();
        // Two precisions of one conversion: the 8-bit output is rounded from 15-bit intermediates, the float one
        // computed from 19-bit ones, so they differ by a little more than the 8-bit rounding alone.
        assertThat(worstPlanar).as("largest difference from swscale's 8-bit planar RGB / 255, %s frame", frame).isLessThanOrEqualTo(1.5f / 255);
        // Luma carries no chroma term (BT.601 weights over the YUV->RGB matrix), so it agrees where the chroma
        // changed; what is left is swscale's rounding of the matrix and clipping of saturated colours to 0..1.
        assertThat(worstLuma).as("largest luma difference from the packed RGB24 path before, %s frame", frame).isLessThanOrEqualTo(4 / 255f);

        // A frame the activity gate held back goes in from a copy of its planes: the very same floats.
        float[] held = held(picture, box, slot);
        // Arrays.equals: assertj's containsExactly diffs 2.4M-element arrays quadratically.
        assertThat(Arrays.equals(held, now)).as("held-back frame's input equals the direct one, %s frame", frame).isTrue();

        // A float16 input: swscale's 8-bit planes through the table, exactly those bytes / 255 in float16.
        float[] half = halfInput(picture, box, slot);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int byteValue = planar[((c + 2) % 3) * w * h + y * w + x] & 0xff;
                    float expected = Fp16Conversions.fp16ToFloat(Fp16Conversions.floatToFp16(byteValue / 255f));
                    int at = offset + c * plane + (y + box.padY()) * INPUT + x + box.padX();
                    if (half[at] != expected) {
                        throw new AssertionError("float16 input at " + x + "," + y + " channel " + c + ": " + half[at] + ", expected " + expected);
                    }
                }
            }
        }
    }

    /** As the scorer fills a float32 input: swscale into the tensor, twice (the reused context and pointers must not drift). */
    private static float[] direct(AVFrame picture, Letterbox box, int slot) throws Exception {
        DetectorInput input = new DetectorInput(2, INPUT, INPUT, false);
        input.fillPadding();
        try (LetterboxScaler scaler = new LetterboxScaler(true)) {
            for (int i = 0; i < 2; i++) {
                scaler.scale(picture, box.width(), box.height(), input.memory(), input.origin(slot, 0, box), input.origin(slot, 1, box),
                        input.origin(slot, 2, box), input.rowBytes());
            }
        }
        return read(input);
    }

    /** As the scorer holds a frame back and feeds it later: planes into scratch, copied, then put into the input. */
    private static float[] held(AVFrame picture, Letterbox box, int slot) throws Exception {
        return fromPlanes(picture, box, slot, true);
    }

    private static float[] halfInput(AVFrame picture, Letterbox box, int slot) throws Exception {
        return fromPlanes(picture, box, slot, false);
    }

    private static float[] fromPlanes(AVFrame picture, Letterbox box, int slot, boolean floats) throws Exception {
        DetectorInput input = new DetectorInput(2, INPUT, INPUT, !floats);
        input.fillPadding();
        try (LetterboxScaler scaler = new LetterboxScaler(floats)) {
            int valueBytes = scaler.valueBytes();
            long plane = (long) box.width() * box.height() * valueBytes;
            ByteBuffer scratch = ByteBuffer.allocateDirect((int) plane * 3).order(ByteOrder.nativeOrder());
            scaler.scale(picture, box.width(), box.height(), scratch, 0, plane, 2 * plane, box.width() * valueBytes);
            byte[] copy = new byte[scratch.capacity()];
            scratch.get(0, copy);
            input.putPlanes(slot, box, ByteBuffer.wrap(copy));
        }
        return read(input);
    }

    private static float[] read(DetectorInput input) throws Exception {
        try (OnnxTensor tensor = input.tensor(OrtEnvironment.getEnvironment(), 2)) {
            if (input.half()) {
                ShortBuffer halves = tensor.getShortBuffer();
                float[] out = new float[halves.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Fp16Conversions.fp16ToFloat(halves.get(i));
                }
                return out;
            }
            FloatBuffer floats = tensor.getFloatBuffer();
            float[] out = new float[floats.remaining()];
            floats.get(out);
            return out;
        }
    }

    private static float luma(float r, float g, float b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    /** The letterbox area in swscale's 8-bit output {@code format} (packed RGB24 or planar GBRP), bilinear. */
    private static byte[] swscale(AVFrame picture, Letterbox box, int format) {
        int w = box.width();
        int h = box.height();
        ByteBuffer out = ByteBuffer.allocateDirect(w * h * 3);
        SwsContext context = sws_getCachedContext(null, picture.width(), picture.height(), picture.format(), w, h, format,
                SWS_BILINEAR, null, null, (DoublePointer) null);
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(4); IntPointer stride = new IntPointer(4)) {
            BytePointer base = new BytePointer(out);
            if (format == AV_PIX_FMT_RGB24) {
                dst.put(0, base);
                stride.put(0, w * 3);
            } else {
                for (int i = 0; i < 3; i++) {
                    dst.put(i, new BytePointer(base).position((long) i * w * h));
                    stride.put(i, w);
                }
            }
            sws_scale(context, new PointerPointer<>(picture), picture.linesize(), 0, picture.height(), dst, stride);
        } finally {
            sws_freeContext(context);
        }
        byte[] bytes = new byte[out.capacity()];
        out.get(0, bytes);
        return bytes;
    }

    private static AVFrame decode(Path file, int index) throws FrameGrabber.Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setImageMode(FrameGrabber.ImageMode.RAW);
            grabber.start();
            for (int i = 0; ; i++) {
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    throw new IllegalStateException("only " + i + " frames in " + file);
                }
                if (i == index) {
                    return av_frame_clone((AVFrame) frame.opaque);
                }
            }
        }
    }

    /** Five 1280x720 frames with sharp colour edges (where chroma handling would show) and noise. */
    private static Path write720p(Path file) throws Exception {
        int w = 1280;
        int h = 720;
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(AV_CODEC_ID_H264);
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(25);
            recorder.setVideoQuality(20);
            recorder.setVideoOption("preset", "ultrafast");
            recorder.start();
            Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            java.util.Random noise = new java.util.Random(5);
            for (int i = 0; i < 5; i++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int band = ((x + 3 * i) / 37 + y / 23) % 4;
                        int p = y * frame.imageStride + x * 3;
                        int n = noise.nextInt(7) - 3;
                        pixels.put(p, (byte) (band == 0 ? 230 + n : band == 1 ? 20 + n : 120 + n))
                                .put(p + 1, (byte) (band == 2 ? 200 + n : 60 + n))
                                .put(p + 2, (byte) (band == 3 ? 210 + n : 40 + n));
                    }
                }
                recorder.setTimestamp(i * 40_000L);
                recorder.record(frame);
            }
            recorder.stop();
        }
        return file;
    }
}
