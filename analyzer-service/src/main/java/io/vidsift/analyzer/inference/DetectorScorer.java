package io.vidsift.analyzer.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.vidsift.analyzer.frames.FrameScaler;
import io.vidsift.analyzer.frames.SampledFrame;
import io.vidsift.common.config.ModelConfig;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;

/**
 * Runs a YOLO-format detector (v5, v8, v11 exports). Each frame is letterboxed into a planar float RGB input
 * (0..1, grey 114 borders); frames are batched per session.run when the model's batch dimension is dynamic.
 * Per frame it reports the boxes and a count for every counted class (zeros included, so clip means are right).
 */
public final class DetectorScorer implements FrameScorer, AutoCloseable {

    private static final float PAD = 114f / 255f;
    private static final float[] TO_UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            TO_UNIT[i] = i / 255f;
        }
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelConfig config;
    private final String inputName;
    private final String outputName;
    private long[] outputShape;
    private FloatBuffer output;
    private final int inputSize;
    private final int planeSize;
    private final FloatBuffer input;
    private final FrameScaler scaler = new FrameScaler(AV_PIX_FMT_RGB24);
    private ByteBuffer rgb;
    private byte[] rowBytes;
    private float[] red;
    private float[] green;
    private float[] blue;
    private Letterbox letterbox;
    private int frameWidth;
    private int frameHeight;
    private final List<FrameScore> scores = new ArrayList<>();
    private YoloDecoder decoder;
    private List<String> counted;
    private final FrameBatch slots;

    public DetectorScorer(OrtEnvironment env, OrtSession session, ModelConfig config) throws OrtException {
        this(env, session, config, RunTimer.NONE);
    }

    /** @param runTimer receives the duration of every {@code session.run} (one batch) */
    public DetectorScorer(OrtEnvironment env, OrtSession session, ModelConfig config, RunTimer runTimer) throws OrtException {
        this.env = env;
        this.session = session;
        this.config = config;
        Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
        this.inputName = in.getKey();
        this.outputName = session.getOutputNames().iterator().next();
        long[] shape = ((TensorInfo) in.getValue().getInfo()).getShape();
        if (shape.length != 4 || (shape[1] > 0 && shape[1] != 3)) {
            throw new OrtException("detector input must be [batch, 3, size, size], got " + java.util.Arrays.toString(shape));
        }
        this.inputSize = shape[2] > 0 ? (int) shape[2] : config.inputSize();
        int batchSize = shape[0] > 0 ? (int) shape[0] : Math.max(1, config.batchSize());
        this.slots = new FrameBatch(batchSize, runTimer);
        this.planeSize = inputSize * inputSize;
        this.input = ByteBuffer.allocateDirect(batchSize * 3 * planeSize * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public void accept(SampledFrame frame) throws OrtException {
        long t0 = System.nanoTime();
        int w = frame.picture().width();
        int h = frame.picture().height();
        if (letterbox == null || w != frameWidth || h != frameHeight) {
            frameWidth = w;
            frameHeight = h;
            letterbox = Letterbox.of(w, h, inputSize);
            rgb = ByteBuffer.allocateDirect(letterbox.width() * letterbox.height() * 3);
            // Borders never change for a given frame size: paint them once per slot, then only the picture moves.
            for (int i = 0; i < input.capacity(); i++) {
                input.put(i, PAD);
            }
        }
        scaler.scale(frame.picture(), rgb, 0, letterbox.width(), letterbox.height(), letterbox.width() * 3);
        int base = slots.size() * 3 * planeSize;
        int lw = letterbox.width();
        if (rowBytes == null || rowBytes.length != lw * 3) {
            rowBytes = new byte[lw * 3];
            red = new float[lw];
            green = new float[lw];
            blue = new float[lw];
        }
        // Row-wise bulk transfers: per-element access to direct buffers costs a bounds check per byte.
        for (int y = 0; y < letterbox.height(); y++) {
            rgb.get(y * lw * 3, rowBytes);
            for (int x = 0, p = 0; x < lw; x++, p += 3) {
                red[x] = TO_UNIT[rowBytes[p] & 0xff];
                green[x] = TO_UNIT[rowBytes[p + 1] & 0xff];
                blue[x] = TO_UNIT[rowBytes[p + 2] & 0xff];
            }
            int row = base + (y + letterbox.padY()) * inputSize + letterbox.padX();
            input.put(row, red);
            input.put(planeSize + row, green);
            input.put(2 * planeSize + row, blue);
        }
        if (slots.added(frame, t0)) {
            run();
        }
    }

    @Override
    public List<FrameScore> finish() throws OrtException {
        if (slots.size() > 0) {
            run();
        }
        return List.copyOf(scores);
    }

    private void run() throws OrtException {
        if (outputShape != null) {
            runPinned();
            return;
        }
        long t0 = System.nanoTime();
        int pending = slots.size();
        FloatBuffer batch = input.duplicate().position(0).limit(pending * 3 * planeSize).slice();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, batch, new long[] {pending, 3, inputSize, inputSize});
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxTensor first = (OnnxTensor) result.get(0);
            long[] shape = first.getInfo().getShape();
            if (decoder == null) {
                decoder = decoder(shape);
            }
            decode(first.getFloatBuffer(), shape);
            if (shape.length == 3 && shape[0] == pending) {
                outputShape = shape;
                this.output = ByteBuffer.allocateDirect((int) (slots.capacity() * shape[1] * shape[2] * 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
            }
        }
        slots.ran(t0);
    }

    /**
     * After the first run the output shape is known: ORT writes straight into a reused direct buffer (pinned
     * output), which the decoder reads in place, instead of allocating and copying the whole [N, 84, 8400] output.
     */
    private void runPinned() throws OrtException {
        long t0 = System.nanoTime();
        int pending = slots.size();
        FloatBuffer batch = input.duplicate().position(0).limit(pending * 3 * planeSize).slice();
        int perFrame = (int) (outputShape[1] * outputShape[2]);
        FloatBuffer out = output.duplicate().position(0).limit(pending * perFrame).slice();
        long[] shape = {pending, outputShape[1], outputShape[2]};
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, batch, new long[] {pending, 3, inputSize, inputSize});
             OnnxTensor pinned = OnnxTensor.createTensor(env, out, shape);
             OrtSession.Result ignored = session.run(Map.of(inputName, tensor), Map.of(outputName, pinned))) {
            decode(out, shape);
        }
        slots.ran(t0);
    }

    private void decode(FloatBuffer out, long[] shape) {
        int perFrame = (int) (shape[1] * shape[2]);
        for (int i = 0; i < slots.size(); i++) {
            List<Box> boxes = decoder.decode(out, i * perFrame, letterbox, frameWidth, frameHeight);
            Map<String, Integer> counts = new LinkedHashMap<>();
            counted.forEach(c -> counts.put(c, 0));
            boxes.forEach(b -> counts.merge(b.label(), 1, Integer::sum));
            scores.add(new FrameScore(slots.index(i), slots.offset(i), null, null, counts, boxes));
        }
    }

    private YoloDecoder decoder(long[] shape) throws OrtException {
        List<String> names = config.classNames() == null ? List.of() : config.classNames();
        YoloLayout layout;
        try {
            layout = YoloLayout.of(shape, names.size());
        } catch (IllegalArgumentException e) {
            throw new OrtException(e.getMessage());
        }
        if (names.isEmpty()) {
            List<String> generated = new ArrayList<>();
            for (int c = 0; c < layout.classes(); c++) {
                generated.add(layout.classes() == CocoClasses.NAMES.size() ? CocoClasses.NAMES.get(c) : "class_" + c);
            }
            names = generated;
        }
        List<String> filter = config.classes() == null || config.classes().isEmpty() ? names : config.classes();
        boolean[] wanted = new boolean[layout.classes()];
        List<String> missing = new ArrayList<>();
        for (String cls : filter) {
            int id = names.indexOf(cls);
            if (id < 0) {
                missing.add(cls);
            } else {
                wanted[id] = true;
            }
        }
        if (!missing.isEmpty()) {
            throw new OrtException("analysis.model.classes " + missing + " are not among the model's " + layout.classes()
                    + " classes; set analysis.model.class_names");
        }
        counted = List.copyOf(filter);
        return new YoloDecoder(layout, names, wanted, config.scoreThreshold(), config.iouThreshold());
    }

    @Override
    public long preprocessNanos() {
        return slots.preprocessNanos();
    }

    @Override
    public long inferenceNanos() {
        return slots.inferenceNanos();
    }

    @Override
    public int batchSize() {
        return slots.capacity();
    }

    @Override
    public void close() {
        scaler.close();
    }
}
