package io.vidsift.analyzer.bench;

import io.vidsift.analyzer.frames.FrameSampler;
import io.vidsift.analyzer.frames.FrameScaler;
import io.vidsift.analyzer.frames.SamplingMode;
import io.vidsift.analyzer.frames.SamplingPlan;
import io.vidsift.analyzer.frames.SamplingReport;
import io.vidsift.analyzer.inference.CpuBudget;
import io.vidsift.analyzer.onnx.ActivityGraph;
import io.vidsift.analyzer.probe.ProbeOutcome;
import io.vidsift.analyzer.probe.VideoProber;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;

/**
 * bench/frames: the analyzer's probe + sampler on one file, in one mode, converting each kept frame to the activity
 * model's input as the analyzer does. Prints one line of key=value figures for run.sh.
 * Usage: FramesBench FILE exact|keyframes|auto [sample_fps] [decode_segments] [decoder_threads]
 * (defaults as the worker's: one segment per CPU of the budget in exact mode, the budget shared among the segments)
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
        int cpus = CpuBudget.detect(0).cpus();
        int segmentsAsked = args.length > 3 ? Integer.parseInt(args[3]) : cpus;

        long wall0 = System.nanoTime();
        long cpu0 = CpuClock.nanos();
        // Loading FFmpeg's native libraries (JavaCPP: ~0.3 s here) happens once per worker process, not per video:
        // timed apart so the figures can be read both ways. The four the probe and the sampler call; JavaCV's
        // grabber (exact mode, files without an index) loads libavdevice and the rest on its first use.
        Loader.load(avutil.class);
        Loader.load(avcodec.class);
        Loader.load(avformat.class);
        Loader.load(swscale.class);
        long loadWall = System.nanoTime() - wall0;
        long loadCpu = CpuClock.nanos() - cpu0;
        ProbeOutcome probe = new VideoProber().probe(file);
        if (!probe.ok()) {
            System.err.println("probe failed: " + probe.failure());
            System.exit(1);
        }
        double expected = probe.probe().durationSeconds();
        SamplingMode mode = requested.resolve(probe.gopSeconds(), fps);
        int segments = mode == SamplingMode.EXACT ? segmentsAsked : 1;
        // As the worker does (VideoAnalyzer.decoderThreads): the CPU budget shared among the segments.
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : Math.max(1, cpus / segments);
        SamplingPlan plan = new SamplingPlan(mode, fps, expected, SamplingPlan.cap(expected, fps),
                probe.probe().startTimeSeconds() == null ? 0 : probe.probe().startTimeSeconds(), probe.probe().fps(),
                probe.gopSeconds(), threads, null, segments);
        SamplingReport report = new FrameSampler().sampleSegments(file, plan, segment -> {
            // One scaler and buffer per segment: segments run on their own threads.
            ByteBuffer rgb = ByteBuffer.allocateDirect(ActivityGraph.WIDTH * ActivityGraph.HEIGHT * 3);
            FrameScaler scaler = new FrameScaler(AV_PIX_FMT_RGB24);
            return frame -> scaler.scale(frame.picture(), rgb, 0, ActivityGraph.WIDTH, ActivityGraph.HEIGHT, ActivityGraph.WIDTH * 3);
        });
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (CpuClock.nanos() - cpu0) / 1e9;
        // Where the decoding goes: frames decoded per GOP (the file's length over the probed GOP) against samples per GOP.
        double gops = probe.gopSeconds() == null ? Double.NaN : Math.ceil(expected / probe.gopSeconds() - 1e-6);
        System.out.println(String.format(Locale.ROOT,
                "mode=%s segments=%d decoder_threads=%d wall_s=%.2f cpu_s=%.2f load_wall_s=%.2f load_cpu_s=%.2f warm_wall_s=%.2f sampled=%d decoded=%d dropped=%d effective_fps=%.3f gop_s=%s "
                        + "decoded_per_gop=%.1f sampled_per_gop=%.1f skip=%s seek=%s",
                mode.key(), plan.segments(), threads, wall, cpu, loadWall / 1e9, loadCpu / 1e9, wall - loadWall / 1e9, report.sampled(), report.decoded(), report.dropped(), report.effectiveFps(),
                probe.gopSeconds(), report.decoded() / gops, report.sampled() / gops, report.frameSkip(),
                plan.seekBetweenSamples() && mode == SamplingMode.EXACT));
    }
}
