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

/**
 * A detector's input tensor memory: {@code slots} planar RGB images of {@code width x height}, values 0..1, in float32
 * or float16 as the model declares. A float32 input is written by swscale in place ({@link LetterboxScaler} at
 * {@link #origin}); a float16 one gets 8-bit planes widened through a 256-entry table ({@link #putPlanes}). Either way
 * a picture also goes in from a copy of its planes (a frame the activity gate held back), giving the same values.
 */
final class DetectorInput {

    private static final int PAD = 114;
    private static final short[] HALF_UNIT = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            HALF_UNIT[i] = Fp16Conversions.floatToFp16(i / 255f);
        }
    }

    private final int width;
    private final int height;
    private final int planeSize;
    private final ByteBuffer memory;
    private final FloatBuffer floats;
    private final ShortBuffer halves;
    private short[] halfRow = new short[0];

    DetectorInput(int slots, int width, int height, boolean half) {
        this.width = width;
        this.height = height;
        this.planeSize = width * height;
        this.memory = ByteBuffer.allocateDirect(slots * 3 * planeSize * (half ? 2 : 4)).order(ByteOrder.nativeOrder());
        this.floats = half ? null : memory.asFloatBuffer();
        this.halves = half ? memory.asShortBuffer() : null;
    }

    /** Whether the input is float16: pictures then go in through {@link #putPlanes} from 8-bit planes. */
    boolean half() {
        return halves != null;
    }

    /** The tensor memory (direct), for swscale to write a float32 input into. */
    ByteBuffer memory() {
        return memory;
    }

    /** Bytes between two rows of a plane. */
    int rowBytes() {
        return width * (half() ? 2 : 4);
    }

    /** Byte offset of the picture's first pixel in channel {@code channel} (0 R, 1 G, 2 B) of slot {@code slot}. */
    long origin(int slot, int channel, Letterbox letterbox) {
        long value = (long) (slot * 3 + channel) * planeSize + (long) letterbox.padY() * width + letterbox.padX();
        return value * (half() ? 2 : 4);
    }

    /** Grey borders everywhere; they never change for a given frame size, so only the picture area is rewritten later. */
    void fillPadding() {
        if (floats != null) {
            float grey = PAD / 255f;
            for (int i = 0; i < floats.capacity(); i++) {
                floats.put(i, grey);
            }
        } else {
            for (int i = 0; i < halves.capacity(); i++) {
                halves.put(i, HALF_UNIT[PAD]);
            }
        }
    }

    /**
     * Writes a letterboxed picture given as three planes of {@code letterbox.width() x height()} values, R then G then B,
     * from index 0 of {@code planes}: floats in native order for a float32 input (copied as they are), bytes for a
     * float16 input (widened through the table).
     */
    void putPlanes(int slot, Letterbox letterbox, ByteBuffer planes) {
        int lw = letterbox.width();
        int lh = letterbox.height();
        if (floats != null) {
            FloatBuffer source = planes.duplicate().order(ByteOrder.nativeOrder()).position(0).asFloatBuffer();
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < lh; y++) {
                    int at = (int) (origin(slot, c, letterbox) / 4) + y * width;
                    floats.put(at, source, (c * lh + y) * lw, lw);
                }
            }
            return;
        }
        if (halfRow.length != lw) {
            halfRow = new short[lw];
        }
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < lh; y++) {
                int from = (c * lh + y) * lw;
                for (int x = 0; x < lw; x++) {
                    halfRow[x] = HALF_UNIT[planes.get(from + x) & 0xff];
                }
                // Bulk transfers: per-element access to direct buffers costs a bounds check per value.
                halves.put((int) (origin(slot, c, letterbox) / 2) + y * width, halfRow);
            }
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
