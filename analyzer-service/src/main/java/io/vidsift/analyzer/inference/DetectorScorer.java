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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;

/**
 * Runs a YOLO-format detector: v5, v8/v11 and end-to-end (YOLOv10, YOLO26, {@code nms=True}) outputs, float32 or
 * float16, square or rectangular inputs, dynamic or fixed batch ({@link DetectorModel}). Each frame is letterboxed
 * into a planar RGB input (0..1, grey 114 borders); frames are batched per session.run, and a fixed-batch model gets
 * its last, short batch padded with unused slots whose outputs are ignored. Per frame it reports the boxes and a count
 * for every counted class (zeros included, so clip means are right).
 */
public final class DetectorScorer implements FrameScorer, AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelConfig config;
    private final DetectorModel model;
    private final DetectorInput input;
    private final DetectorOutput output;
    private final FrameScaler scaler = new FrameScaler(AV_PIX_FMT_RGB24);
    private ByteBuffer rgb;
    private byte[] rowBytes;
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
        this.model = DetectorModel.of(session, config);
        int batchSize = model.batch() > 0 ? model.batch() : Math.max(1, config.batchSize());
        this.slots = new FrameBatch(batchSize, runTimer);
        this.input = new DetectorInput(batchSize, model.inputWidth(), model.inputHeight(), model.halfInput());
        this.output = new DetectorOutput(model, batchSize);
    }

    /** The interface read from the model file (input size, batch, element types, metadata). */
    public DetectorModel model() {
        return model;
    }

    @Override
    public void accept(SampledFrame frame) throws OrtException {
        long t0 = System.nanoTime();
        int w = frame.picture().width();
        int h = frame.picture().height();
        if (letterbox == null || w != frameWidth || h != frameHeight) {
            frameWidth = w;
            frameHeight = h;
            letterbox = Letterbox.of(w, h, model.inputWidth(), model.inputHeight());
            rgb = ByteBuffer.allocateDirect(letterbox.width() * letterbox.height() * 3);
            rowBytes = new byte[letterbox.width() * 3];
            input.fillPadding();
        }
        int lw = letterbox.width();
        scaler.scale(frame.picture(), rgb, 0, lw, letterbox.height(), lw * 3);
        for (int y = 0; y < letterbox.height(); y++) {
            rgb.get(y * lw * 3, rowBytes);
            input.putRow(slots.size(), y + letterbox.padY(), letterbox.padX(), rowBytes, lw);
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
        long t0 = System.nanoTime();
        // A fixed-batch model always gets its full batch; slots past the pending frames hold stale pictures.
        int images = model.batch() > 0 ? model.batch() : slots.size();
        try (OnnxTensor tensor = input.tensor(env, images)) {
            FloatBuffer out = output.run(env, session, tensor, images);
            long[] shape = output.shape(images);
            if (decoder == null) {
                decoder = decoder(shape);
            }
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
