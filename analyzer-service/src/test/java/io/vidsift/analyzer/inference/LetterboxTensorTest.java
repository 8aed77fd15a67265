package io.vidsift.analyzer.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import io.vidsift.analyzer.TestVideos;
import io.vidsift.analyzer.frames.FrameScaler;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * The detector's input tensor as the scorer now fills it (one swscale context made once, the caller's buffer and
 * pointer arrays reused, swscale slice threads, half of the rows written by a helper thread) against the way it was filled before (sws_getCachedContext and fresh
 * pointers per frame, one thread, each byte divided by 255): the same floats, on real decoded H.264 pictures, a
 * 720p camera-sized one (scaled down) and the tests' 160x120 one (scaled up).
 */
class LetterboxTensorTest {

    private static final int INPUT = 640;

    @TempDir
    Path dir;

    @Test
    void aDownscaled720pFrameGivesTheTensorTheOldPathGave() throws Exception {
        Path file = write720p(dir.resolve("720p.mp4"));
        AVFrame picture = decode(file, 3);
        try {
            for (int threads : new int[] {1, 2, 3}) {
                assertSameTensor(picture, threads);
            }
        } finally {
            av_frame_free(picture);
        }
    }

    @Test
    void anUpscaledSmallFrameGivesTheTensorTheOldPathGave() throws Exception {
        AVFrame picture = decode(TestVideos.file("moving.mp4"), 25);
        try {
            assertSameTensor(picture, 1);
            assertSameTensor(picture, 2);
        } finally {
            av_frame_free(picture);
        }
    }

    private final ExecutorService helper = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopHelper() {
        helper.shutdownNow();
    }

    private void assertSameTensor(AVFrame picture, int threads) throws Exception {
        Letterbox box = Letterbox.of(picture.width(), picture.height(), INPUT);
        float[] before = oldPath(picture, box);
        float[] now;
        DetectorInput input = new DetectorInput(1, INPUT, INPUT, false);
        input.fillPadding();
        try (FrameScaler scaler = new FrameScaler(AV_PIX_FMT_RGB24, SWS_BILINEAR, threads)) {
            ByteBuffer rgb = ByteBuffer.allocateDirect(box.width() * box.height() * 3);
            byte[] bytes = new byte[rgb.capacity()];
            // Twice, as frames follow each other: the reused context, buffer and pointers must not drift.
            for (int i = 0; i < 2; i++) {
                scaler.scale(picture, rgb, 0, box.width(), box.height(), box.width() * 3);
                rgb.get(0, bytes);
                if (threads == 1) {
                    input.putImage(0, box, bytes);
                } else {
                    // As the scorer does with a CPU budget above one: a helper writes the lower half of the rows.
                    input.putImage(0, box, bytes, helper);
                }
            }
        }
        try (OnnxTensor tensor = input.tensor(OrtEnvironment.getEnvironment(), 1)) {
            FloatBuffer floats = tensor.getFloatBuffer();
            now = new float[floats.remaining()];
            floats.get(now);
        }
        assertThat(now).hasSameSizeAs(before);
        float worst = 0;
        for (int i = 0; i < now.length; i++) {
            worst = Math.max(worst, Math.abs(now[i] - before[i]));
        }
        assertThat(worst).as("largest difference with %d swscale threads, %dx%d frame", threads, picture.width(), picture.height())
                .isLessThanOrEqualTo(1e-7f);
    }

    /** The detector's preprocessing as it was: a cached context looked up and fresh pointers for every frame, then /255. */
    private static float[] oldPath(AVFrame picture, Letterbox box) {
        int w = box.width();
        int h = box.height();
        ByteBuffer rgb = ByteBuffer.allocateDirect(w * h * 3);
        SwsContext context = sws_getCachedContext(null, picture.width(), picture.height(), picture.format(), w, h, AV_PIX_FMT_RGB24,
                SWS_BILINEAR, null, null, (DoublePointer) null);
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(4); IntPointer stride = new IntPointer(4)) {
            dst.put(0, new BytePointer(rgb.duplicate().position(0).slice()));
            stride.put(0, w * 3);
            sws_scale(context, new PointerPointer<>(picture), picture.linesize(), 0, picture.height(), dst, stride);
        } finally {
            sws_freeContext(context);
        }
        int plane = INPUT * INPUT;
        float[] tensor = new float[3 * plane];
        java.util.Arrays.fill(tensor, 114 / 255f);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                int at = (y + box.padY()) * INPUT + x + box.padX();
                tensor[at] = (rgb.get(p) & 0xff) / 255f;
                tensor[plane + at] = (rgb.get(p + 1) & 0xff) / 255f;
                tensor[2 * plane + at] = (rgb.get(p + 2) & 0xff) / 255f;
            }
        }
        return tensor;
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
