package io.vidsift.analyzer.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vidsift.analyzer.frames.SampledFrame;
import io.vidsift.common.config.ModelConfig;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a YOLO-format detector: v5, v8/v11 and end-to-end (YOLOv10, YOLO26, {@code nms=True}) outputs, float32 or
 * float16, square or rectangular inputs, dynamic or fixed batch ({@link DetectorModel}). Each frame is letterboxed
 * into a planar RGB input (0..1, grey 114 borders); frames are batched per session.run, and a fixed-batch model gets
 * its last, short batch padded with unused slots whose outputs are ignored. Per frame it reports the boxes and a count
 * for every counted class (zeros included, so clip means are right).
 *
 * <p>With a pipeline depth of 2 or more, batches run on an inference thread of their own while the caller decodes
 * and converts the next frames ({@link BatchPipeline}); {@link #close()} waits for that thread.
 */
public final class DetectorScorer implements FrameScorer, AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelConfig config;
    private final DetectorModel model;
    private final DetectorOutput output;
    private final LetterboxScaler scaler;
    private final List<DetectorBatch> batches = new ArrayList<>();
    private final BatchPipeline<DetectorBatch> pipeline;
    private final List<FrameScore> scores = Collections.synchronizedList(new ArrayList<>());
    private DetectorBatch filling;
    /** Scratch planes of one letterboxed picture: a float16 input's 8-bit planes, or a frame to hold back. */
    private ByteBuffer planes;
    private Letterbox letterbox;
    private int frameWidth;
    private int frameHeight;
    private long holdNanos;
    private YoloDecoder decoder;
    private List<String> counted;

    public DetectorScorer(OrtEnvironment env, OrtSession session, ModelConfig config) throws OrtException {
        this(env, session, config, RunTimer.NONE);
    }

    /** @param runTimer receives the duration of every {@code session.run} (one batch) */
    public DetectorScorer(OrtEnvironment env, OrtSession session, ModelConfig config, RunTimer runTimer) throws OrtException {
        this(env, session, config, runTimer, 1);
    }

    /**
     * @param pipelineDepth batch buffers in flight: 1 runs each batch on the caller's thread; 2 or more overlap
     *                      decoding and inference (one inference thread, a queue of depth - 1 filled batches)
     */
    public DetectorScorer(OrtEnvironment env, OrtSession session, ModelConfig config, RunTimer runTimer, int pipelineDepth)
            throws OrtException {
        this.env = env;
        this.session = session;
        this.config = config;
        this.model = DetectorModel.of(session, config);
        this.scaler = new LetterboxScaler(!model.halfInput());
        int batchSize = model.batch() > 0 ? model.batch() : Math.max(1, config.batchSize());
        for (int i = 0; i < Math.max(1, pipelineDepth); i++) {
            batches.add(new DetectorBatch(new DetectorInput(batchSize, model.inputWidth(), model.inputHeight(), model.halfInput()),
                    new FrameBatch(batchSize, runTimer)));
        }
        this.output = new DetectorOutput(model, batchSize);
        this.pipeline = new BatchPipeline<>(batches, this::run, "detector-inference");
    }

    /** The interface read from the model file (input size, batch, element types, metadata). */
    public DetectorModel model() {
        return model;
    }

    @Override
    public void accept(SampledFrame frame) throws Exception {
        long t0 = System.nanoTime();
        fit(frame.picture().width(), frame.picture().height());
        t0 += prepare();
        DetectorInput input = filling.input;
        int slot = filling.slots.size();
        if (input.half()) {
            scaleToPlanes(frame);
            input.putPlanes(slot, letterbox, planes);
        } else {
            // Straight into the tensor: swscale writes the three float planes at the letterbox offset.
            scaler.scale(frame.picture(), letterbox.width(), letterbox.height(), input.memory(), input.origin(slot, 0, letterbox),
                    input.origin(slot, 1, letterbox), input.origin(slot, 2, letterbox), input.rowBytes());
        }
        added(frame.index(), frame.offsetSeconds(), t0);
    }

    /** Letterboxes a frame into a copy of its planes that outlives the decoded picture, for the activity gate to hold back. */
    HeldFrame hold(SampledFrame frame) {
        long t0 = System.nanoTime();
        fit(frame.picture().width(), frame.picture().height());
        scaleToPlanes(frame);
        byte[] copy = new byte[planesBytes()];
        planes.get(0, copy);
        HeldFrame held = new HeldFrame(frame.index(), frame.offsetSeconds(), frameWidth, frameHeight, copy);
        holdNanos += System.nanoTime() - t0;
        return held;
    }

    /** Scores a frame the gate held back: the same input values as if it had gone in directly. */
    void accept(HeldFrame held) throws Exception {
        long t0 = System.nanoTime();
        fit(held.frameWidth(), held.frameHeight());
        t0 += prepare();
        filling.input.putPlanes(filling.slots.size(), letterbox, ByteBuffer.wrap(held.planes()));
        added(held.index(), held.offsetSeconds(), t0);
    }

    /** Scales into the scratch planes (R, G, B one after the other, each {@code letterbox.width()} values a row). */
    private void scaleToPlanes(SampledFrame frame) {
        int w = letterbox.width();
        int h = letterbox.height();
        int valueBytes = scaler.valueBytes();
        long plane = (long) w * h * valueBytes;
        scaler.scale(frame.picture(), w, h, planes, 0, plane, 2 * plane, w * valueBytes);
    }

    /** Bytes of one letterboxed picture's three planes. */
    private int planesBytes() {
        return letterbox.width() * letterbox.height() * 3 * scaler.valueBytes();
    }

    private void fit(int w, int h) {
        if (letterbox == null || w != frameWidth || h != frameHeight) {
            frameWidth = w;
            frameHeight = h;
            letterbox = Letterbox.of(w, h, model.inputWidth(), model.inputHeight());
            int needed = planesBytes();
            if (planes == null || planes.capacity() < needed) {
                // Grown only: the scaler keeps a native pointer per buffer it has written into.
                planes = ByteBuffer.allocateDirect(needed).order(ByteOrder.nativeOrder());
            }
        }
    }

    /**
     * Makes {@link #filling} the batch the next frame goes into, its borders painted for the current letterbox.
     *
     * @return nanoseconds spent waiting for the inference thread to free a buffer (not preprocessing)
     */
    private long prepare() throws Exception {
        if (filling != null && filling.slots.size() > 0 && !letterbox.equals(filling.letterbox)) {
            // The frame size changed mid-batch: one batch holds one letterbox.
            submit();
        }
        long waited = 0;
        if (filling == null) {
            long t0 = System.nanoTime();
            filling = pipeline.take();
            waited = System.nanoTime() - t0;
        }
        DetectorBatch b = filling;
        if (!letterbox.equals(b.paddedFor)) {
            b.input.fillPadding();
            b.paddedFor = letterbox;
        }
        b.letterbox = letterbox;
        b.frameWidth = frameWidth;
        b.frameHeight = frameHeight;
        return waited;
    }

    /** Records the frame just written into the filling batch; runs the batch when full. */
    private void added(int index, double offset, long t0) throws Exception {
        if (filling.slots.added(index, offset, t0)) {
            submit();
        }
    }

    private void submit() throws Exception {
        DetectorBatch b = filling;
        filling = null;
        pipeline.submit(b);
    }

    @Override
    public List<FrameScore> finish() throws Exception {
        if (filling != null && filling.slots.size() > 0) {
            submit();
        }
        pipeline.finish();
        synchronized (scores) {
            return List.copyOf(scores);
        }
    }

    /** One batch: on the inference thread when pipelined. */
    private void run(DetectorBatch b) throws OrtException {
        long t0 = System.nanoTime();
        // A fixed-batch model always gets its full batch; slots past the pending frames hold stale pictures.
        int images = model.batch() > 0 ? model.batch() : b.slots.size();
        try (OnnxTensor tensor = b.input.tensor(env, images)) {
            FloatBuffer out = output.run(env, session, tensor, images);
            long[] shape = output.shape(images);
            if (decoder == null) {
                decoder = decoder(shape);
            }
            decode(out, shape, b);
        } finally {
            b.slots.ran(t0);
        }
    }

    private void decode(FloatBuffer out, long[] shape, DetectorBatch b) {
        int perFrame = (int) (shape[1] * shape[2]);
        for (int i = 0; i < b.slots.size(); i++) {
            List<Box> boxes = decoder.decode(out, i * perFrame, b.letterbox, b.frameWidth, b.frameHeight);
            Map<String, Integer> counts = new LinkedHashMap<>();
            counted.forEach(c -> counts.put(c, 0));
            boxes.forEach(box -> counts.merge(box.label(), 1, Integer::sum));
            scores.add(new FrameScore(b.slots.index(i), b.slots.offset(i), null, null, counts, boxes));
        }
    }

    /** Class names: the job's {@code class_names}, else the model's metadata, else COCO for 80 classes, else class_N. */
    private YoloDecoder decoder(long[] shape) throws OrtException {
        List<String> names = config.classNames() == null || config.classNames().isEmpty() ? model.metadata().names() : config.classNames();
        YoloLayout layout;
        try {
            layout = YoloLayout.of(shape, names.size(), model.metadata().end2end());
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

    /** Letterboxing and filling input slots (on the caller's thread), held-back frames included. */
    @Override
    public long preprocessNanos() {
        return holdNanos + batches.stream().mapToLong(b -> b.slots.preprocessNanos()).sum();
    }

    /** Time inside session.run and output decoding, summed over batches (overlapping decoding when pipelined). */
    @Override
    public long inferenceNanos() {
        return batches.stream().mapToLong(b -> b.slots.inferenceNanos()).sum();
    }

    @Override
    public int batchSize() {
        return batches.get(0).slots.capacity();
    }

    /** Waits for the inference thread before freeing swscale's context: a running batch may still read buffers. */
    @Override
    public void close() {
        pipeline.close();
        scaler.close();
    }
}
