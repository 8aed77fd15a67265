package io.vidsift.analyzer.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.vidsift.analyzer.frames.FrameSampler;
import io.vidsift.analyzer.frames.SampledFrame;
import io.vidsift.analyzer.frames.SamplingMode;
import io.vidsift.analyzer.frames.SamplingPlan;
import io.vidsift.analyzer.frames.SamplingReport;
import io.vidsift.analyzer.inference.ActivityScorer;
import io.vidsift.analyzer.inference.Box;
import io.vidsift.analyzer.inference.CpuBudget;
import io.vidsift.analyzer.inference.DetectionOptions;
import io.vidsift.analyzer.inference.DetectorScorer;
import io.vidsift.analyzer.inference.DeviceSupport;
import io.vidsift.analyzer.inference.DeviceUnavailableException;
import io.vidsift.analyzer.inference.FrameScore;
import io.vidsift.analyzer.inference.FrameScorer;
import io.vidsift.analyzer.inference.InferenceDevice;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.pipeline.AnalysisMetrics;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.analyzer.probe.ProbeOutcome;
import io.vidsift.analyzer.probe.VideoProber;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.ModelConfig;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.common.storage.StorageLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

/**
 * bench/gpu: what a GPU worker does differently, each part printed as {@code check=... result=PASS|FAIL|SKIP ...}.
 * CUDA parts print SKIP with the reason where CUDA is unusable (the CPU ONNX Runtime build, no GPU), and the CPU
 * side still runs, so the script is exercised on any machine.
 * <ol>
 *   <li>ORT providers and a real CUDA session (the same probe the worker runs at start-up)</li>
 *   <li>activity graph and the YOLOv8n-sized synthetic detector, CPU vs CUDA: ms/frame and parity at batch 1, 4 and 8,
 *       with a frame count that leaves an odd last batch</li>
 *   <li>NVDEC ({@code h264_cuvid}) vs software decoding of the video at 1 fps</li>
 *   <li>one analysis end to end with {@code device: cuda} (no fallback)</li>
 * </ol>
 * Usage: GpuBench VIDEO
 */
public final class GpuBench {

    /** Frames per parity/timing run: 8 * 2 + 3, so batch 4 and 8 both end on a short batch. */
    private static final int FRAMES = 19;

    private GpuBench() {
    }

    public static void main(String[] args) throws Exception {
        Path video = Path.of(args[0]).toAbsolutePath();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        System.out.println("check=providers available=" + OrtEnvironment.getAvailableProviders());
        String cudaProblem = null;
        try {
            new DeviceSupport(env).resolve(InferenceDevice.CUDA, "none");
            System.out.println("check=cuda_session result=PASS");
        } catch (DeviceUnavailableException e) {
            cudaProblem = e.getMessage();
            System.out.println("check=cuda_session result=SKIP reason=\"" + cudaProblem + "\"");
        }
        Path model = Files.createTempFile("synthetic-yolov8", ".onnx");
        Files.write(model, SyntheticDetector.build(-1.3f));
        model.toFile().deleteOnExit();
        List<AVFrame> pictures = InferenceBench.decode(video, FRAMES);
        try (ModelSessions sessions = new ModelSessions(env, CpuBudget.detect(0).cpus())) {
            for (int batch : new int[] {1, 4, 8}) {
                compare(sessions, "activity", batch, null, pictures, cudaProblem);
                compare(sessions, "detector", batch, model, pictures, cudaProblem);
            }
        } finally {
            pictures.forEach(p -> av_frame_free(p));
        }
        decoders(video, cudaProblem);
        endToEnd(video, model, cudaProblem);
    }

    private static void compare(ModelSessions sessions, String name, int batch, Path model, List<AVFrame> pictures, String cudaProblem)
            throws Exception {
        Result cpu = score(sessions, InferenceDevice.CPU, batch, model, pictures);
        if (cudaProblem != null) {
            System.out.printf(Locale.ROOT, "check=%s_b%d frames=%d cpu_ms_per_frame=%.2f result=SKIP reason=no-cuda%n",
                    name, batch, pictures.size(), cpu.msPerFrame);
            return;
        }
        Result cuda = score(sessions, InferenceDevice.CUDA, batch, model, pictures);
        double diff = difference(cpu.scores, cuda.scores);
        // CUDA's convolution algorithms differ from MLAS in the last bits; boxes may move by a fraction of a pixel.
        boolean same = cpu.scores.size() == cuda.scores.size() && diff < (model == null ? 1e-4 : 0.5);
        System.out.printf(Locale.ROOT, "check=%s_b%d frames=%d cpu_ms_per_frame=%.2f cuda_ms_per_frame=%.2f speedup=%.1f max_difference=%.6f result=%s%n",
                name, batch, pictures.size(), cpu.msPerFrame, cuda.msPerFrame, cpu.msPerFrame / cuda.msPerFrame, diff, same ? "PASS" : "FAIL");
    }

    private record Result(List<FrameScore> scores, double msPerFrame) {
    }

    /** The frames through the analyzer's scorer twice (the first run warms the session up), the second timed. */
    private static Result score(ModelSessions sessions, InferenceDevice device, int batch, Path model, List<AVFrame> pictures)
            throws Exception {
        List<FrameScore> scores = null;
        double ms = 0;
        for (int round = 0; round < 2; round++) {
            FrameScorer scorer;
            if (model == null) {
                scorer = new ActivityScorer(sessions.environment(), sessions.activity(device), batch);
            } else {
                OrtSession session = sessions.file(model, device);
                scorer = new DetectorScorer(sessions.environment(), session, new ModelConfig(ModelConfig.DETECTOR, model.toString(),
                        SyntheticDetector.INPUT, List.of(), List.of(), 0.25, 0.45, batch));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < pictures.size(); i++) {
                scorer.accept(new SampledFrame(i, i, pictures.get(i)));
            }
            scores = scorer.finish();
            ms = (System.nanoTime() - t0) / 1e6 / pictures.size();
            ((AutoCloseable) scorer).close();
        }
        return new Result(scores, ms);
    }

    /** Largest difference in activity, or in box corners (an unmatched box counts as 1000 px). */
    private static double difference(List<FrameScore> a, List<FrameScore> b) {
        double max = 0;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            FrameScore x = a.get(i);
            FrameScore y = b.get(i);
            if (x.activity() != null && y.activity() != null) {
                max = Math.max(max, Math.abs(x.activity() - y.activity()));
            }
            if (x.boxes().size() != y.boxes().size()) {
                max = Math.max(max, 1000);
                continue;
            }
            for (int k = 0; k < x.boxes().size(); k++) {
                Box p = x.boxes().get(k);
                Box q = y.boxes().get(k);
                max = Math.max(max, Math.max(Math.max(Math.abs(p.x1() - q.x1()), Math.abs(p.y1() - q.y1())),
                        Math.max(Math.abs(p.x2() - q.x2()), Math.abs(p.y2() - q.y2()))));
            }
        }
        return max;
    }

    private static void decoders(Path video, String cudaProblem) throws Exception {
        ProbeOutcome probe = new VideoProber().probe(video);
        double expected = probe.probe().durationSeconds();
        double software = decode(video, probe, expected, null);
        String cuvid = probe.probe().codec() + "_cuvid";
        if (avcodec_find_decoder_by_name(cuvid) == null || cudaProblem != null) {
            System.out.printf(Locale.ROOT, "check=decode software_s=%.2f result=SKIP reason=%s%n", software,
                    cudaProblem != null ? "no-cuda" : "this FFmpeg build has no " + cuvid);
            return;
        }
        double nvdec = decode(video, probe, expected, cuvid);
        System.out.printf(Locale.ROOT, "check=decode software_s=%.2f nvdec_s=%.2f speedup=%.1f result=PASS%n", software, nvdec, software / nvdec);
    }

    /** Exact sampling at 1 fps in one segment (NVDEC replaces the software decoder there); falls back like the worker. */
    private static double decode(Path video, ProbeOutcome probe, double expected, String decoder) throws Exception {
        SamplingPlan plan = new SamplingPlan(SamplingMode.EXACT, 1.0, expected, SamplingPlan.cap(expected, 1.0),
                probe.probe().startTimeSeconds() == null ? 0 : probe.probe().startTimeSeconds(), probe.probe().fps(),
                probe.gopSeconds(), 0, decoder, 1);
        long t0 = System.nanoTime();
        SamplingReport report = new FrameSampler().sample(video, plan, frame -> {
        });
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "decode decoder=%s used=%s sampled=%d wall_s=%.2f%n", decoder == null ? "software" : decoder,
                report.decoder(), report.sampled(), s);
        return s;
    }

    private static void endToEnd(Path video, Path model, String cudaProblem) throws Exception {
        CpuBudget cpus = CpuBudget.detect(0);
        try (ModelSessions sessions = new ModelSessions(OrtEnvironment.getEnvironment(), cpus.cpus())) {
            VideoAnalyzer analyzer = new VideoAnalyzer(new StorageLayout(video.getParent()), new VideoProber(), new FrameSampler(),
                    sessions, new DeviceSupport(OrtEnvironment.getEnvironment()), new MessageCodec(), Clock.systemUTC(), cpus.cpus(),
                    AnalysisMetrics.NONE, new DetectionOptions(0.001, 2, 2), cpus);
            ModelConfig detector = new ModelConfig(ModelConfig.DETECTOR, model.toString(), SyntheticDetector.INPUT, List.of(),
                    List.of(), 0.25, 0.45, 8);
            AnalysisConfig analysis = new AnalysisConfig(1.0, "auto", 10, "cuda", "none", 0, AnalysisConfig.defaults().maxDurationSeconds(),
                    false, detector, java.util.List.of());
            VideoAnalyzed result = analyzer.analyze(new VideoReady(Schema.VERSION, "gpu-bench", "gpu-bench", VideoReady.SOURCE_LOCAL,
                    null, null, video.getFileName().toString(), null, null, null, analysis));
            String verdict = cudaProblem != null ? "SKIP" : "cuda".equals(result.device()) && !result.status().failed() ? "PASS" : "FAIL";
            System.out.printf(Locale.ROOT, "check=end_to_end device=%s status=%s frames=%d timings_ms=%s result=%s%s%n", result.device(),
                    result.status().key(), result.framesSampled(), result.timingsMs(), verdict,
                    cudaProblem != null ? " reason=no-cuda (expected inference_failed here: " + result.error() + ")" : "");
        }
    }
}
