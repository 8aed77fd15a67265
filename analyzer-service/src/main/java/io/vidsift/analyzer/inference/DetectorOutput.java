package io.vidsift.analyzer.inference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.platform.Fp16Conversions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs the detector and hands back its first output as floats. The first run learns the per-image output shape;
 * after it ORT writes straight into a reused direct buffer (pinned output) that the decoder reads in place, instead
 * of allocating and copying the whole [N, 84, 8400] output per batch. A float16 output is widened into a reused
 * float buffer once per batch.
 */
final class DetectorOutput {

    private final DetectorModel model;
    private final int capacity;
    private long[] perImage;
    private FloatBuffer floats;
    private ShortBuffer halves;

    DetectorOutput(DetectorModel model, int capacity) {
        this.model = model;
        this.capacity = capacity;
    }

    /** [images, a, b]; known after the first {@link #run}. */
    long[] shape(int images) {
        return new long[] {images, perImage[0], perImage[1]};
    }

    /** @return the output of {@code images} images from index 0, each {@code a * b} floats */
    FloatBuffer run(OrtEnvironment env, OrtSession session, OnnxTensor input, int images) throws OrtException {
        if (perImage == null) {
            return first(session, input, images);
        }
        int n = images * (int) (perImage[0] * perImage[1]);
        long[] shape = shape(images);
        if (halves == null) {
            FloatBuffer out = floats.duplicate().position(0).limit(n).slice();
            try (OnnxTensor pinned = OnnxTensor.createTensor(env, out, shape);
                 OrtSession.Result ignored = session.run(Map.of(model.inputName(), input), Map.of(model.outputName(), pinned))) {
                return out;
            }
        }
        ShortBuffer out = halves.duplicate().position(0).limit(n).slice();
        try (OnnxTensor pinned = OnnxTensor.createTensor(env, out, shape, OnnxJavaType.FLOAT16);
             OrtSession.Result ignored = session.run(Map.of(model.inputName(), input), Map.of(model.outputName(), pinned))) {
            widen(out, n);
            return floats;
        }
    }

    private FloatBuffer first(OrtSession session, OnnxTensor input, int images) throws OrtException {
        try (OrtSession.Result result = session.run(Map.of(model.inputName(), input))) {
            OnnxTensor out = (OnnxTensor) result.get(model.outputName()).orElseThrow();
            long[] shape = out.getInfo().getShape();
            if (shape.length != 3 || shape[0] != images) {
                throw new OrtException("detector output must be 3-D [batch, a, b] with one row block per image, got " + Arrays.toString(shape));
            }
            perImage = new long[] {shape[1], shape[2]};
            int perBatch = capacity * (int) (shape[1] * shape[2]);
            floats = ByteBuffer.allocateDirect(perBatch * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            int n = images * (int) (shape[1] * shape[2]);
            if (model.halfOutput()) {
                halves = ByteBuffer.allocateDirect(perBatch * 2).order(ByteOrder.nativeOrder()).asShortBuffer();
                widen(out.getShortBuffer(), n);
            } else {
                floats.put(0, out.getFloatBuffer(), 0, n);
            }
            return floats;
        }
    }

    private void widen(ShortBuffer half, int n) {
        for (int i = 0; i < n; i++) {
            floats.put(i, Fp16Conversions.fp16ToFloat(half.get(i)));
        }
    }
}
