package io.vidsift.analyzer.bench;

import io.vidsift.analyzer.frames.FrameSampler;
import io.vidsift.analyzer.frames.FrameScaler;
import io.vidsift.analyzer.frames.SamplingMode;
import io.vidsift.analyzer.frames.SamplingPlan;
import io.vidsift.analyzer.frames.SamplingReport;
import io.vidsift.analyzer.onnx.ActivityGraph;
import io.vidsift.analyzer.probe.ProbeOutcome;
import io.vidsift.analyzer.probe.VideoProber;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;

/**
 * bench/frames: the analyzer's probe + sampler on one file, in one mode, converting each kept frame to the activity
 * model's input as the analyzer does. Prints one line of key=value figures for run.sh.
 * Usage: FramesBench FILE exact|keyframes|auto [sample_fps] [decode_segments] [decoder_threads]
 */
public final class FramesBench {

    private FramesBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FramesBench FILE exact|keyframes|auto [sample_fps] [decode_segments] [decoder_threads]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        SamplingMode requested = SamplingMode.parse(args[1]);
        double fps = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        int segments = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 0;

        long wall0 = System.nanoTime();
        long cpu0 = CpuClock.nanos();
        ProbeOutcome probe = new VideoProber().probe(file);
        if (!probe.ok()) {
            System.err.println("probe failed: " + probe.failure());
            System.exit(1);
        }
        double expected = probe.probe().durationSeconds();
        SamplingMode mode = requested.resolve(probe.gopSeconds(), fps);
        SamplingPlan plan = new SamplingPlan(mode, fps, expected, SamplingPlan.cap(expected, fps),
                probe.probe().startTimeSeconds() == null ? 0 : probe.probe().startTimeSeconds(), probe.probe().fps(),
                probe.gopSeconds(), threads, null, mode == SamplingMode.EXACT ? segments : 1);
        SamplingReport report = new FrameSampler().sampleSegments(file, plan, segment -> {
            // One scaler and buffer per segment: segments run on their own threads.
            ByteBuffer rgb = ByteBuffer.allocateDirect(ActivityGraph.WIDTH * ActivityGraph.HEIGHT * 3);
            FrameScaler scaler = new FrameScaler(AV_PIX_FMT_RGB24);
            return frame -> scaler.scale(frame.picture(), rgb, 0, ActivityGraph.WIDTH, ActivityGraph.HEIGHT, ActivityGraph.WIDTH * 3);
        });
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (CpuClock.nanos() - cpu0) / 1e9;
        System.out.println(String.format(Locale.ROOT,
                "mode=%s segments=%d wall_s=%.2f cpu_s=%.2f sampled=%d decoded=%d dropped=%d effective_fps=%.3f gop_s=%s skip_noref=%s seek=%s",
                mode.key(), plan.segments(), wall, cpu, report.sampled(), report.decoded(), report.dropped(), report.effectiveFps(),
                probe.gopSeconds(), plan.skipNonReference() && mode == SamplingMode.EXACT, plan.seekBetweenSamples() && mode == SamplingMode.EXACT));
    }
}
