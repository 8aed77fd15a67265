package io.vidsift.analyzer.pipeline;

import io.vidsift.analyzer.clips.SceneChange;
import io.vidsift.analyzer.inference.Box;
import io.vidsift.analyzer.inference.FrameScore;
import io.vidsift.common.messages.MessageCodec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-frame results ({@code <output.dir>/analysis/<video_id>.frames.jsonl}): offsets, wall-clock times, activity
 * and grid, detector counts and boxes, and {@code scene_change} for frames where most of the picture changed at once. They stay out of VideoAnalyzed because a 10-minute chunk's boxes can exceed
 * a Kafka record; the message carries the per-clip summary. Written to a temp file and moved, so a reader never
 * sees half a file and a redelivered video simply replaces it.
 */
final class FrameLog {

    record Line(int index, double offset, Long wallMs, Double activity, float[] grid, Map<String, Integer> counts, List<BoxLine> boxes,
                boolean sceneChange) {
    }

    record BoxLine(String label, float score, int x1, int y1, int x2, int y2) {
    }

    private final MessageCodec codec;

    FrameLog(MessageCodec codec) {
        this.codec = codec;
    }

    void write(Path file, List<FrameScore> frames, Long wallBegin) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp)) {
            for (FrameScore f : frames) {
                List<BoxLine> boxes = new ArrayList<>(f.boxes().size());
                for (Box b : f.boxes()) {
                    boxes.add(new BoxLine(b.label(), Math.round(b.score() * 1000) / 1000f,
                            Math.round(b.x1()), Math.round(b.y1()), Math.round(b.x2()), Math.round(b.y2())));
                }
                Long wall = wallBegin == null ? null : wallBegin * 1000 + Math.round(f.offsetSeconds() * 1000);
                out.write(codec.write(new Line(f.index(), f.offsetSeconds(), wall, f.activity(), f.grid(), f.counts(), boxes,
                        SceneChange.is(f))));
                out.newLine();
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
