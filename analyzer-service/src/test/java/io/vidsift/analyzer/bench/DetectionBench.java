package io.vidsift.analyzer.bench;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import io.vidsift.analyzer.frames.FrameSampler;
import io.vidsift.analyzer.frames.SamplingMode;
import io.vidsift.analyzer.frames.SamplingPlan;
import io.vidsift.analyzer.frames.SamplingReport;
import io.vidsift.analyzer.inference.CpuBudget;
import io.vidsift.analyzer.inference.DetectionOptions;
import io.vidsift.analyzer.inference.DeviceSupport;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.pipeline.AnalysisMetrics;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.analyzer.probe.ProbeOutcome;
import io.vidsift.analyzer.probe.VideoProber;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.ModelConfig;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.common.storage.StorageLayout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * bench/inference, whole videos: the analyzer end to end (probe, decode, the YOLOv8n-sized synthetic detector,
 * clips) on one file in four worker set-ups — ungated and gated by the activity model, each with decoding and
 * inference in turn (pipeline depth 1) and overlapped (depth 2) — plus decoding alone. The anchor is the ungated
 * detector as main ran it (depth 1). Prints one line per set-up and the ratios; checks that the gated run found, in
 * every frame it ran the detector on, exactly the boxes the ungated run found there.
 * Usage: DetectionBench VIDEO [rounds] [gate_activity] [margin_seconds]
 */
public final class DetectionBench {

    /**
     * Puts the random-weight detector's class scores just around the 0.25 threshold, so with every class counted a
     * few boxes per frame pass, depending on the pixels (-8, InferenceBench's value, passes none; 0 passes all 8400).
     */
    private static final float CLASS_BIAS = Float.parseFloat(System.getProperty("bench.class-bias", "-1.3"));

    private record Run(String name, double wallS, VideoAnalyzed result, Path frames) {
    }

    private DetectionBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DetectionBench VIDEO [rounds] [gate_activity] [margin_seconds]");
            System.exit(2);
        }
        Path video = Path.of(args[0]).toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        double gate = args.length > 2 ? Double.parseDouble(args[2]) : 0.001;
        double margin = args.length > 3 ? Double.parseDouble(args[3]) : 2;
        Path work = Files.createTempDirectory("vidsift-detection-bench");
        Path model = Files.write(work.resolve("synthetic-yolov8.onnx"), SyntheticDetector.build(CLASS_BIAS));
        CpuBudget cpus = CpuBudget.detect(0);
        ModelConfig detector = new ModelConfig(ModelConfig.DETECTOR, model.toString(), SyntheticDetector.INPUT, List.of(),
                List.of(), 0.25, 0.45, 4);

        Map<String, DetectionOptions> setups = new LinkedHashMap<>();
        setups.put("ungated_sequential", new DetectionOptions(0, margin, 1));
        setups.put("ungated_pipelined", new DetectionOptions(0, margin, 2));
        setups.put("gated_sequential", new DetectionOptions(gate, margin, 1));
        setups.put("gated_pipelined", new DetectionOptions(gate, margin, 2));

        System.out.printf(Locale.ROOT, "cpus=%d (%s) video=%s gate_activity=%s margin_seconds=%s rounds=%d%n",
                cpus.cpus(), cpus.source(), video.getFileName(), gate, margin, rounds);
        decodeAlone(video, cpus);
        double decodeS = decodeAlone(video, cpus);
        System.out.printf(Locale.ROOT, "setup=decode_only wall_s=%.2f%n", decodeS);
        Map<String, Run> best = new LinkedHashMap<>();
        try (ModelSessions sessions = new ModelSessions(OrtEnvironment.getEnvironment(), cpus.cpus())) {
            // Warm-up: session creation and JIT out of the first measured run.
            analyze(sessions, cpus, setups.get("gated_pipelined"), detector, video, work, "warmup");
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, DetectionOptions> e : setups.entrySet()) {
                    Run run = analyze(sessions, cpus, e.getValue(), detector, video, work, e.getKey());
                    best.merge(e.getKey(), run, (a, b) -> a.wallS() <= b.wallS() ? a : b);
                }
            }
        }
        for (Run run : best.values()) {
            Map<String, Long> t = run.result().timingsMs();
            System.out.printf(Locale.ROOT,
                    "setup=%s wall_s=%.2f frames=%d detector_frames=%d model_s=%.2f preprocess_s=%.2f decode_alone_s=%.2f overlap_s=%.2f%n",
                    run.name(), run.wallS(), run.result().framesSampled(), detectorFrames(run.frames()),
                    t.get("inference") / 1000.0, t.get("preprocess") / 1000.0, decodeS,
                    Math.max(0, decodeS + (t.get("inference") + t.get("preprocess")) / 1000.0 - run.wallS()));
        }
        Run anchor = best.get("ungated_sequential");
        Run gatedRun = best.get("gated_pipelined");
        System.out.printf(Locale.ROOT, "detector_clips=%s%n", activeClips(gatedRun.frames(), gatedRun.result()));
        System.out.println(sameDetections(anchor.frames(), gatedRun.frames()));
        System.out.printf(Locale.ROOT, "ratio ungated_sequential/gated_pipelined=%.2f ungated_pipelined/gated_pipelined=%.2f "
                        + "ungated_sequential/ungated_pipelined=%.2f gated_sequential/gated_pipelined=%.2f%n",
                anchor.wallS() / gatedRun.wallS(), best.get("ungated_pipelined").wallS() / gatedRun.wallS(),
                anchor.wallS() / best.get("ungated_pipelined").wallS(), best.get("gated_sequential").wallS() / gatedRun.wallS());
    }

    private static Run analyze(ModelSessions sessions, CpuBudget cpus, DetectionOptions options, ModelConfig detector, Path video,
                               Path work, String name) {
        VideoAnalyzer analyzer = new VideoAnalyzer(new StorageLayout(video.getParent()), new VideoProber(), new FrameSampler(), sessions,
                new DeviceSupport(OrtEnvironment.getEnvironment()), new MessageCodec(), Clock.systemUTC(), cpus.cpus(),
                AnalysisMetrics.NONE, options, cpus);
        AnalysisConfig d = AnalysisConfig.defaults();
        AnalysisConfig analysis = new AnalysisConfig(1.0, "auto", 10, "cpu", "none", 0, d.maxDurationSeconds(), false, detector, java.util.List.of());
        Path out = work.resolve(name);
        VideoReady ready = new VideoReady(Schema.VERSION, "bench", name, VideoReady.SOURCE_LOCAL, null, null,
                video.getFileName().toString(), null, null, out.toString(), analysis);
        long t0 = System.nanoTime();
        VideoAnalyzed result = analyzer.analyze(ready);
        double wall = (System.nanoTime() - t0) / 1e9;
        if (result.status() != AnalysisStatus.ANALYZED) {
            throw new IllegalStateException(name + ": " + result.status().key() + ": " + result.error());
        }
        return new Run(name, wall, result, out.resolve("analysis").resolve(name + ".frames.jsonl"));
    }

    /** The sampler alone over the same plan, converting nothing: what decoding costs without a model. */
    private static double decodeAlone(Path video, CpuBudget cpus) throws Exception {
        ProbeOutcome probe = new VideoProber().probe(video);
        double expected = probe.probe().durationSeconds();
        SamplingMode mode = SamplingMode.AUTO.resolve(probe.gopSeconds(), 1.0);
        int segments = mode == SamplingMode.EXACT ? cpus.cpus() : 1;
        SamplingPlan plan = new SamplingPlan(mode, 1.0, expected, SamplingPlan.cap(expected, 1.0),
                probe.probe().startTimeSeconds() == null ? 0 : probe.probe().startTimeSeconds(), probe.probe().fps(),
                probe.gopSeconds(), Math.max(1, cpus.cpus() / segments), null, segments);
        long t0 = System.nanoTime();
        SamplingReport report = new FrameSampler().sampleSegments(video, plan, k -> frame -> {
        });
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "decode mode=%s segments=%d sampled=%d%n", mode.key(), segments, report.sampled());
        return wall;
    }

    private static List<JsonNode> lines(Path frames) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(frames)) {
            lines.add(new MessageCodec().mapper().readTree(line));
        }
        return lines;
    }

    private static long detectorFrames(Path frames) throws Exception {
        return lines(frames).stream().filter(l -> l.get("counts") != null && !l.get("counts").isEmpty()).count();
    }

    private static String activeClips(Path frames, VideoAnalyzed result) throws Exception {
        TreeSet<Integer> detected = new TreeSet<>();
        for (JsonNode l : lines(frames)) {
            if (l.get("counts") != null && !l.get("counts").isEmpty()) {
                detected.add((int) Math.floor(l.get("offset").asDouble() / 10));
            }
        }
        return detected + " of " + result.clips().size() + " clips";
    }

    /** Every frame the gated run detected on must carry the ungated run's boxes for that frame, box for box. */
    private static String sameDetections(Path ungated, Path gated) throws Exception {
        Map<Double, JsonNode> byOffset = new LinkedHashMap<>();
        for (JsonNode l : lines(ungated)) {
            byOffset.put(l.get("offset").asDouble(), l);
        }
        int compared = 0;
        int boxes = 0;
        int differing = 0;
        for (JsonNode l : lines(gated)) {
            if (l.get("counts") == null || l.get("counts").isEmpty()) {
                continue;
            }
            compared++;
            JsonNode u = byOffset.get(l.get("offset").asDouble());
            boxes += l.get("boxes") == null ? 0 : l.get("boxes").size();
            if (u == null || !String.valueOf(u.get("boxes")).equals(String.valueOf(l.get("boxes")))
                    || !u.get("counts").equals(l.get("counts"))) {
                differing++;
            }
        }
        return String.format(Locale.ROOT, "same_detections=%s frames_compared=%d boxes=%d differing_frames=%d",
                differing == 0 && compared > 0, compared, boxes, differing);
    }
}
