package io.vidsift.analyzer.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vidsift.analyzer.frames.FrameScaler;
import io.vidsift.analyzer.frames.SampledFrame;
import io.vidsift.common.config.ModelConfig;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;

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
    private final FrameScaler scaler;
    /** With a CPU budget above one: writes half of each letterboxed picture into the input while the caller writes the rest. */
    private final ExecutorService rowHelper;
    private final List<DetectorBatch> batches = new ArrayList<>();
    private final BatchPipeline<DetectorBatch> pipeline;
    private final List<FrameScore> scores = Collections.synchronizedList(new ArrayList<>());
    private DetectorBatch filling;
    private ByteBuffer rgb;
    private byte[] frameBytes;
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
        this(env, session, config, runTimer, pipelineDepth, 1);
    }

    /**
     * @param scaleThreads threads converting each frame: swscale slices for the letterbox, and above one a helper
     *                     writing half of the rows into the input (the same floats with any count); with a pipeline
     *                     depth of 1 the model's threads are idle while a frame is converted, so the CPU budget can share it
     */
    public DetectorScorer(OrtEnvironment env, OrtSession session, ModelConfig config, RunTimer runTimer, int pipelineDepth,
                          int scaleThreads) throws OrtException {
        this.env = env;
        this.scaler = new FrameScaler(AV_PIX_FMT_RGB24, SWS_BILINEAR, scaleThreads);
        this.rowHelper = scaleThreads > 1 ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "detector-letterbox");
            t.setDaemon(true);
            return t;
        }) : null;
        this.session = session;
        this.config = config;
        this.model = DetectorModel.of(session, config);
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
        letterbox(frame);
        fill(frame.index(), frame.offsetSeconds(), frameBytes, t0);
    }

    /** Letterboxes a frame into a copy that outlives the decoded picture, for the activity gate to hold back. */
    HeldFrame hold(SampledFrame frame) {
        long t0 = System.nanoTime();
        letterbox(frame);
        HeldFrame held = new HeldFrame(frame.index(), frame.offsetSeconds(), frameWidth, frameHeight, frameBytes.clone());
        holdNanos += System.nanoTime() - t0;
        return held;
    }

    /** Scores a frame the gate held back. */
    void accept(HeldFrame held) throws Exception {
        long t0 = System.nanoTime();
        fit(held.frameWidth(), held.frameHeight());
        fill(held.index(), held.offsetSeconds(), held.rgb(), t0);
    }

    private void letterbox(SampledFrame frame) {
        fit(frame.picture().width(), frame.picture().height());
        scaler.scale(frame.picture(), rgb, 0, letterbox.width(), letterbox.height(), letterbox.width() * 3);
        rgb.get(0, frameBytes);
    }

    private void fit(int w, int h) {
        if (letterbox == null || w != frameWidth || h != frameHeight) {
            frameWidth = w;
            frameHeight = h;
            letterbox = Letterbox.of(w, h, model.inputWidth(), model.inputHeight());
            rgb = ByteBuffer.allocateDirect(letterbox.width() * letterbox.height() * 3);
            frameBytes = new byte[letterbox.width() * letterbox.height() * 3];
        }
    }

    private void fill(int index, double offset, byte[] pixels, long t0) throws Exception {
        if (filling != null && filling.slots.size() > 0 && !letterbox.equals(filling.letterbox)) {
            // The frame size changed mid-batch: one batch holds one letterbox.
            submit();
        }
        if (filling == null) {
            long waiting = System.nanoTime();
            filling = pipeline.take();
            // Waiting for the inference thread to free a buffer is not preprocessing.
            t0 += System.nanoTime() - waiting;
        }
        DetectorBatch b = filling;
        if (!letterbox.equals(b.paddedFor)) {
            b.input.fillPadding();
            b.paddedFor = letterbox;
        }
        b.letterbox = letterbox;
        b.frameWidth = frameWidth;
        b.frameHeight = frameHeight;
        if (rowHelper == null) {
            b.input.putImage(b.slots.size(), letterbox, pixels);
        } else {
            b.input.putImage(b.slots.size(), letterbox, pixels, rowHelper);
        }
        if (b.slots.added(index, offset, t0)) {
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
        if (rowHelper != null) {
            rowHelper.shutdownNow();
        }
    }
}
