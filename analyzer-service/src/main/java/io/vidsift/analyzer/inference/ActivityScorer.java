package io.vidsift.analyzer.inference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vidsift.analyzer.frames.FrameScaler;
import io.vidsift.analyzer.frames.SampledFrame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.vidsift.analyzer.onnx.ActivityGraph.FRAMES;
import static io.vidsift.analyzer.onnx.ActivityGraph.GRID_OUTPUT;
import static io.vidsift.analyzer.onnx.ActivityGraph.HEIGHT;
import static io.vidsift.analyzer.onnx.ActivityGraph.PREVIOUS;
import static io.vidsift.analyzer.onnx.ActivityGraph.SCORE;
import static io.vidsift.analyzer.onnx.ActivityGraph.WIDTH;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FAST_BILINEAR;

/**
 * Runs the generated activity graph. Frames are scaled by swscale straight into the uint8 input tensor's direct
 * buffer; the graph does grey, pooling, differencing and thresholding. The last frame of each batch is carried
 * over as the next batch's {@code previous}, so scores do not depend on the batch size.
 */
public final class ActivityScorer implements FrameScorer, AutoCloseable {

    private static final int FRAME_BYTES = WIDTH * HEIGHT * 3;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ByteBuffer batch;
    private final ByteBuffer previous = ByteBuffer.allocateDirect(FRAME_BYTES).order(ByteOrder.nativeOrder());
    /**
     * Fast bilinear: the scaling is most of this model's cost, and the graph average-pools 4x4 right after,
     * which removes the aliasing a cheaper filter leaves.
     */
    private final FrameScaler scaler = new FrameScaler(AV_PIX_FMT_RGB24, SWS_FAST_BILINEAR);
    private final List<FrameScore> scores = new ArrayList<>();
    private boolean havePrevious;
    private int flushed;
    private final FrameBatch slots;

    public ActivityScorer(OrtEnvironment env, OrtSession session, int batchSize) {
        this(env, session, batchSize, RunTimer.NONE);
    }

    /** @param runTimer receives the duration of every {@code session.run} (one batch) */
    public ActivityScorer(OrtEnvironment env, OrtSession session, int batchSize, RunTimer runTimer) {
        this.env = env;
        this.session = session;
        this.slots = new FrameBatch(Math.max(1, batchSize), runTimer);
        this.batch = ByteBuffer.allocateDirect(FRAME_BYTES * slots.capacity()).order(ByteOrder.nativeOrder());
    }

    @Override
    public void accept(SampledFrame frame) throws OrtException {
        long t0 = System.nanoTime();
        scaler.scale(frame.picture(), batch, slots.size() * FRAME_BYTES, WIDTH, HEIGHT, WIDTH * 3);
        if (!havePrevious) {
            // The first frame is compared with itself: score 0, reported as "no predecessor" (null).
            copyFrame(batch, 0, previous);
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

    /**
     * Runs the frames waiting for a full batch now and returns the scores not returned by an earlier flush: the
     * activity gate needs a clip's scores as soon as its last frame is in. Scores stay in {@link #finish()}'s list.
     */
    public List<FrameScore> flush() throws OrtException {
        if (slots.size() > 0) {
            run();
        }
        List<FrameScore> fresh = List.copyOf(scores.subList(flushed, scores.size()));
        flushed = scores.size();
        return fresh;
    }

    private void run() throws OrtException {
        long t0 = System.nanoTime();
        int pending = slots.size();
        ByteBuffer frames = batch.duplicate().position(0).limit(pending * FRAME_BYTES).slice();
        ByteBuffer prev = previous.duplicate().position(0).limit(FRAME_BYTES).slice();
        try (OnnxTensor framesTensor = OnnxTensor.createTensor(env, frames, new long[] {pending, HEIGHT, WIDTH, 3}, OnnxJavaType.UINT8);
             OnnxTensor previousTensor = OnnxTensor.createTensor(env, prev, new long[] {1, HEIGHT, WIDTH, 3}, OnnxJavaType.UINT8);
             OrtSession.Result result = session.run(Map.of(FRAMES, framesTensor, PREVIOUS, previousTensor))) {
            float[] score = (float[]) result.get(SCORE).orElseThrow().getValue();
            float[][] grid = (float[][]) result.get(GRID_OUTPUT).orElseThrow().getValue();
            for (int i = 0; i < pending; i++) {
                Double activity = !havePrevious && i == 0 ? null : (double) score[i];
                scores.add(new FrameScore(slots.index(i), slots.offset(i), activity, activity == null ? null : grid[i], Map.of(), List.of()));
            }
        }
        copyFrame(batch, pending - 1, previous);
        havePrevious = true;
        slots.ran(t0);
    }

    private static void copyFrame(ByteBuffer from, int slot, ByteBuffer to) {
        ByteBuffer source = from.duplicate().position(slot * FRAME_BYTES).limit((slot + 1) * FRAME_BYTES);
        to.clear();
        to.put(source);
        to.flip();
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
