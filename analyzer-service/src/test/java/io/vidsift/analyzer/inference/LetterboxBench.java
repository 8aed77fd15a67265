package io.vidsift.analyzer.inference;

import io.vidsift.analyzer.bench.InferenceBench;
import io.vidsift.analyzer.frames.FrameScaler;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;

/**
 * bench/inference: the detector's letterbox conversion alone, caller-thread CPU per frame (so other load on the
 * machine adds little), the path before 2026-11-30 session 4 (the anchor: swscale to packed RGB24, copied out, each
 * byte through a float table into row arrays, bulk puts into the tensor) against the one the scorer uses now
 * ({@link LetterboxScaler}: planar float written by swscale into the tensor in place). Both write the same tensor
 * slots from the same decoded pictures, interleaved rounds, best kept. In the inference package: it drives the
 * package's input classes directly. Usage: LetterboxBench VIDEO [frames]
 */
public final class LetterboxBench {

    private static final int INPUT = 640;
    private static final int ROUNDS = 5;

    private LetterboxBench() {
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<AVFrame> pictures = InferenceBench.decode(Path.of(args[0]), 16);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        AVFrame first = pictures.get(0);
        int frameWidth = first.width();
        int frameHeight = first.height();
        Letterbox box = Letterbox.of(frameWidth, frameHeight, INPUT);
        DetectorInput input = new DetectorInput(4, INPUT, INPUT, false);
        input.fillPadding();
        double before = Double.MAX_VALUE;
        double now = Double.MAX_VALUE;
        try (RgbTablePath anchor = new RgbTablePath(input, box); LetterboxScaler scaler = new LetterboxScaler(true)) {
            for (int round = 0; round < ROUNDS; round++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < frames; i++) {
                    anchor.put(pictures.get(i % pictures.size()), i % 4);
                }
                before = Math.min(before, (cpu.getCurrentThreadCpuTime() - t0) / 1e6 / frames);
                t0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < frames; i++) {
                    int slot = i % 4;
                    scaler.scale(pictures.get(i % pictures.size()), box.width(), box.height(), input.memory(), input.origin(slot, 0, box),
                            input.origin(slot, 1, box), input.origin(slot, 2, box), input.rowBytes());
                }
                now = Math.min(now, (cpu.getCurrentThreadCpuTime() - t0) / 1e6 / frames);
            }
        } finally {
            pictures.forEach(p -> av_frame_free(p));
        }
        System.out.println(String.format(Locale.ROOT,
                "letterbox frame=%dx%d to=%dx%d frames=%d rounds=%d rgb24_table_cpu_ms_per_frame=%.3f planar_float_cpu_ms_per_frame=%.3f speedup=%.2f",
                frameWidth, frameHeight, box.width(), box.height(), frames, ROUNDS, before, now, before / now));
    }

    /** The conversion as the scorer did it before (one thread): RGB24, copied out, table lookup, bulk puts per row. */
    private static final class RgbTablePath implements AutoCloseable {

        private static final float[] UNIT = new float[256];

        static {
            for (int i = 0; i < 256; i++) {
                UNIT[i] = i / 255f;
            }
        }

        private final FrameScaler scaler = new FrameScaler(AV_PIX_FMT_RGB24, SWS_BILINEAR);
        private final FloatBuffer floats;
        private final Letterbox box;
        private final ByteBuffer rgb;
        private final byte[] bytes;
        private final float[][] rows;

        RgbTablePath(DetectorInput input, Letterbox box) {
            this.floats = input.memory().asFloatBuffer();
            this.box = box;
            this.rgb = ByteBuffer.allocateDirect(box.width() * box.height() * 3);
            this.bytes = new byte[rgb.capacity()];
            this.rows = new float[3][box.width()];
        }

        void put(AVFrame picture, int slot) {
            int w = box.width();
            scaler.scale(picture, rgb, 0, w, box.height(), w * 3);
            rgb.get(0, bytes);
            int plane = INPUT * INPUT;
            for (int y = 0; y < box.height(); y++) {
                for (int x = 0, p = y * w * 3; x < w; x++, p += 3) {
                    rows[0][x] = UNIT[bytes[p] & 0xff];
                    rows[1][x] = UNIT[bytes[p + 1] & 0xff];
                    rows[2][x] = UNIT[bytes[p + 2] & 0xff];
                }
                int row = slot * 3 * plane + (y + box.padY()) * INPUT + box.padX();
                for (int c = 0; c < 3; c++) {
                    floats.put(c * plane + row, rows[c]);
                }
            }
        }

        @Override
        public void close() {
            scaler.close();
        }
    }
}
