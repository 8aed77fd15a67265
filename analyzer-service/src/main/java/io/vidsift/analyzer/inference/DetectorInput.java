package io.vidsift.analyzer.inference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A detector's input tensor memory: {@code slots} planar RGB images of {@code width x height}, values 0..1, in float32
 * or float16 as the model declares. Pixels go in row by row straight from interleaved RGB bytes through a 256-entry
 * table, so float16 models cost no extra conversion pass.
 */
final class DetectorInput {

    private static final int PAD = 114;
    private static final float[] UNIT = new float[256];
    private static final short[] HALF_UNIT = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            UNIT[i] = i / 255f;
            HALF_UNIT[i] = Fp16Conversions.floatToFp16(UNIT[i]);
        }
    }

    private final int width;
    private final int height;
    private final int planeSize;
    private final FloatBuffer floats;
    private final ShortBuffer halves;
    /** Row scratch per lane: lane 0 for the caller, lane 1 for a helper filling the other half of the picture. */
    private final float[][][] floatRows = {new float[3][0], new float[3][0]};
    private final short[][][] halfRows = {new short[3][0], new short[3][0]};

    DetectorInput(int slots, int width, int height, boolean half) {
        this.width = width;
        this.height = height;
        this.planeSize = width * height;
        ByteBuffer bytes = ByteBuffer.allocateDirect(slots * 3 * planeSize * (half ? 2 : 4)).order(ByteOrder.nativeOrder());
        this.floats = half ? null : bytes.asFloatBuffer();
        this.halves = half ? bytes.asShortBuffer() : null;
    }

    /** Grey borders everywhere; they never change for a given frame size, so only the picture area is rewritten later. */
    void fillPadding() {
        if (floats != null) {
            for (int i = 0; i < floats.capacity(); i++) {
                floats.put(i, UNIT[PAD]);
            }
        } else {
            for (int i = 0; i < halves.capacity(); i++) {
                halves.put(i, HALF_UNIT[PAD]);
            }
        }
    }

    /** Writes a letterboxed picture ({@code letterbox.width() x height()} interleaved RGB bytes) into slot {@code slot}. */
    void putImage(int slot, Letterbox letterbox, byte[] rgb) {
        putRows(slot, letterbox, rgb, 0, letterbox.height(), 0);
    }

    /**
     * The same with the lower half of the picture written by {@code helper} while the caller writes the upper half
     * (disjoint rows of the buffer, absolute writes, each lane its own scratch rows); returns when both are done.
     */
    void putImage(int slot, Letterbox letterbox, byte[] rgb, ExecutorService helper) throws InterruptedException {
        int half = letterbox.height() / 2;
        Future<?> lower = helper.submit(() -> putRows(slot, letterbox, rgb, half, letterbox.height(), 1));
        try {
            putRows(slot, letterbox, rgb, 0, half, 0);
        } finally {
            try {
                lower.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    private void putRows(int slot, Letterbox letterbox, byte[] rgb, int fromRow, int toRow, int lane) {
        int lw = letterbox.width();
        for (int y = fromRow; y < toRow; y++) {
            putRow(slot, y + letterbox.padY(), letterbox.padX(), rgb, y * lw * 3, lw, lane);
        }
    }

    /**
     * Writes {@code pixels} interleaved RGB pixels of {@code rgb}, from byte {@code from}, into slot {@code slot} at
     * row {@code y}, column {@code x}.
     */
    private void putRow(int slot, int y, int x, byte[] rgb, int from, int pixels, int lane) {
        int row = slot * 3 * planeSize + y * width + x;
        if (floats != null) {
            if (floatRows[lane][0].length != pixels) {
                floatRows[lane] = new float[3][pixels];
            }
            float[] r = floatRows[lane][0];
            float[] g = floatRows[lane][1];
            float[] b = floatRows[lane][2];
            for (int i = 0, p = from; i < pixels; i++, p += 3) {
                r[i] = UNIT[rgb[p] & 0xff];
                g[i] = UNIT[rgb[p + 1] & 0xff];
                b[i] = UNIT[rgb[p + 2] & 0xff];
            }
            // Bulk transfers: per-element access to direct buffers costs a bounds check per value.
            floats.put(row, r);
            floats.put(planeSize + row, g);
            floats.put(2 * planeSize + row, b);
        } else {
            if (halfRows[lane][0].length != pixels) {
                halfRows[lane] = new short[3][pixels];
            }
            short[] r = halfRows[lane][0];
            short[] g = halfRows[lane][1];
            short[] b = halfRows[lane][2];
            for (int i = 0, p = from; i < pixels; i++, p += 3) {
                r[i] = HALF_UNIT[rgb[p] & 0xff];
                g[i] = HALF_UNIT[rgb[p + 1] & 0xff];
                b[i] = HALF_UNIT[rgb[p + 2] & 0xff];
            }
            halves.put(row, r);
            halves.put(planeSize + row, g);
            halves.put(2 * planeSize + row, b);
        }
    }

    /** A tensor over the first {@code images} slots (no copy: ORT reads the direct buffer). */
    OnnxTensor tensor(OrtEnvironment env, int images) throws OrtException {
        long[] shape = {images, 3, height, width};
        int n = images * 3 * planeSize;
        if (floats != null) {
            return OnnxTensor.createTensor(env, floats.duplicate().position(0).limit(n).slice(), shape);
        }
        return OnnxTensor.createTensor(env, halves.duplicate().position(0).limit(n).slice(), shape, OnnxJavaType.FLOAT16);
    }
}
