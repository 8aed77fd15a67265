package io.vidsift.analyzer.bench;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.vidsift.analyzer.frames.SampledFrame;
import io.vidsift.analyzer.inference.ActivityScorer;
import io.vidsift.analyzer.inference.DetectorScorer;
import io.vidsift.analyzer.inference.FrameScorer;
import io.vidsift.analyzer.inference.InferenceDevice;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.inference.RunTimer;
import io.vidsift.analyzer.onnx.ActivityGraph;
import io.vidsift.common.config.ModelConfig;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

/**
 * bench/inference: the analyzer's per-frame path (decoded picture → swscale/letterbox into the input tensor →
 * batched session.run → outputs decoded into scores/boxes) against a bare loop of session.run on a ready tensor of
 * the same model, batch and input size. Frames are decoded up front and reused, so decoding is not measured.
 * Usage: InferenceBench VIDEO activity|detector [frames] [batch] [threads]   (threads: ORT intra-op, 0 = the CPU budget)
 */
public final class InferenceBench {

    private static final int DISTINCT_FRAMES = 16;
    /** Rounds of analyzer path and bare loop, interleaved; the best of each is kept (least disturbed by other load). */
    private static final int ROUNDS = 3;

    /** Milliseconds per frame, and for the analyzer path its split into preprocessing and session.run + decoding. */
    private record Measurement(double msPerFrame, double preprocessMs, double runMs) {
    }

    private InferenceBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: InferenceBench VIDEO activity|detector [frames] [batch] [threads]");
            System.exit(2);
        }
        Path video = Path.of(args[0]);
        boolean detector = args[1].equals("detector");
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : (detector ? 64 : 600);
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : (detector ? 4 : 8);
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 0;

        List<AVFrame> pictures = decode(video, DISTINCT_FRAMES);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (ModelSessions sessions = new ModelSessions(env, threads)) {
            OrtSession session;
            ModelConfig config;
            if (detector) {
                Path model = Files.createTempFile("synthetic-yolov8", ".onnx");
                Files.write(model, SyntheticDetector.build());
                model.toFile().deleteOnExit();
                session = sessions.file(model, InferenceDevice.CPU);
                config = new ModelConfig(ModelConfig.DETECTOR, model.toString(), SyntheticDetector.INPUT, List.of(), List.of("person"), 0.25, 0.45, batch);
            } else {
                session = sessions.activity(InferenceDevice.CPU);
                config = new ModelConfig(ModelConfig.ACTIVITY, null, 640, List.of(), List.of(), 0.25, 0.45, batch);
            }
            int warmup = Math.max(batch * 2, 8);
            analyzerPath(env, session, config, detector, pictures, warmup, 1);
            analyzerPath(env, session, config, detector, pictures, warmup, 2);
            bareLoop(env, session, detector, batch, warmup);
            Measurement best = null;
            Measurement pipelined = null;
            double bare = Double.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                Measurement m = analyzerPath(env, session, config, detector, pictures, frames, 1);
                best = best == null || m.msPerFrame() < best.msPerFrame() ? m : best;
                bare = Math.min(bare, bareLoop(env, session, detector, batch, frames));
                if (detector) {
                    Measurement p = analyzerPath(env, session, config, true, pictures, frames, 2);
                    pipelined = pipelined == null || p.msPerFrame() < pipelined.msPerFrame() ? p : pipelined;
                }
            }
            double analyzer = best.msPerFrame();
            double bareSingle = bareLoop(env, session, detector, 1, Math.max(8, frames / 4));
            // overhead_ratio: one thread converting and running in turn (pipeline depth 1), the strict figure.
            // pipelined_*: the worker's default depth 2, the next batch converted while the model runs this one.
            System.out.println(String.format(Locale.ROOT,
                    "model=%s frames=%d batch=%d analyzer_ms_per_frame=%.3f bare_ms_per_frame=%.3f bare_batch1_ms_per_frame=%.3f overhead_ratio=%.3f analyzer_preprocess_ms_per_frame=%.3f analyzer_run_ms_per_frame=%.3f%s",
                    detector ? "detector(synthetic yolov8-shaped 640)" : "activity", frames, batch, analyzer, bare,
                    bareSingle, analyzer / bare, best.preprocessMs(), best.runMs(),
                    pipelined == null ? "" : String.format(Locale.ROOT, " pipelined_ms_per_frame=%.3f pipelined_overhead_ratio=%.3f",
                            pipelined.msPerFrame(), pipelined.msPerFrame() / bare)));
        } finally {
            for (AVFrame p : pictures) {
                av_frame_free(p);
            }
        }
    }

    /** Milliseconds per frame through the analyzer's scorer, outputs decoded. */
    private static Measurement analyzerPath(OrtEnvironment env, OrtSession session, ModelConfig config, boolean detector,
                                       List<AVFrame> pictures, int frames, int depth) throws Exception {
        // The detector as the worker builds it (VideoAnalyzer).
        FrameScorer scorer = detector ? new DetectorScorer(env, session, config, RunTimer.NONE, depth)
                : new ActivityScorer(env, session, config.batchSize());
        long t0 = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            scorer.accept(new SampledFrame(i, i, pictures.get(i % pictures.size())));
        }
        int scored = scorer.finish().size();
        double ms = (System.nanoTime() - t0) / 1e6 / frames;
        Measurement m = new Measurement(ms, scorer.preprocessNanos() / 1e6 / frames, scorer.inferenceNanos() / 1e6 / frames);
        ((AutoCloseable) scorer).close();
        if (scored != frames) {
            throw new IllegalStateException("scored " + scored + " of " + frames);
        }
        return m;
    }

    /** Milliseconds per frame of session.run alone on tensors built once. */
    private static double bareLoop(OrtEnvironment env, OrtSession session, boolean detector, int batch, int frames) throws Exception {
        int runs = Math.max(1, frames / batch);
        Map<String, OnnxTensor> inputs;
        if (detector) {
            int n = batch * 3 * SyntheticDetector.INPUT * SyntheticDetector.INPUT;
            FloatBuffer data = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int i = 0; i < n; i++) {
                data.put(i, (i % 255) / 255f);
            }
            inputs = Map.of("images", OnnxTensor.createTensor(env, data, new long[] {batch, 3, SyntheticDetector.INPUT, SyntheticDetector.INPUT}));
        } else {
            int frameBytes = ActivityGraph.HEIGHT * ActivityGraph.WIDTH * 3;
            ByteBuffer data = ByteBuffer.allocateDirect(batch * frameBytes);
            ByteBuffer prev = ByteBuffer.allocateDirect(frameBytes);
            inputs = Map.of(
                    ActivityGraph.FRAMES, OnnxTensor.createTensor(env, data, new long[] {batch, ActivityGraph.HEIGHT, ActivityGraph.WIDTH, 3}, OnnxJavaType.UINT8),
                    ActivityGraph.PREVIOUS, OnnxTensor.createTensor(env, prev, new long[] {1, ActivityGraph.HEIGHT, ActivityGraph.WIDTH, 3}, OnnxJavaType.UINT8));
        }
        long t0 = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            try (OrtSession.Result ignored = session.run(inputs)) {
                // Outputs are left unread: this is the floor the analyzer is compared with.
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6 / (runs * batch);
        inputs.values().forEach(OnnxTensor::close);
        return ms;
    }

    /** The first {@code count} decoded pictures, cloned so they outlive the decoder. */
    public static List<AVFrame> decode(Path video, int count) throws FrameGrabber.Exception {
        List<AVFrame> pictures = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.setImageMode(FrameGrabber.ImageMode.RAW);
            grabber.start();
            Frame f;
            while (pictures.size() < count && (f = grabber.grabImage()) != null) {
                if (f.opaque instanceof AVFrame picture) {
                    pictures.add(av_frame_clone(picture));
                }
            }
        }
        if (pictures.isEmpty()) {
            throw new IllegalStateException("no frames decoded from " + video);
        }
        return pictures;
    }
}
