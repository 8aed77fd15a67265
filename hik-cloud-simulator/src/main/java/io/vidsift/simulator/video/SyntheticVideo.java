package io.vidsift.simulator.video;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the synthetic clip for a duration. The irregular variant mimics the broken timestamps of some camera
 * files: frame durations jitter and one frame in the middle lasts twenty times the whole clip, so a naive
 * "one frame per second of container time" sampler would explode while the real content stays short.
 */
public final class SyntheticVideo {

    public static final int IRREGULAR_STRETCH = 20;

    private final VideoSettings settings;

    public SyntheticVideo(VideoSettings settings) {
        this.settings = settings;
    }

    public VideoSettings settings() {
        return settings;
    }

    /** Frames for a clip of {@code seconds}: at least one. */
    public long frames(long seconds) {
        return Math.max(1, seconds * settings.fps());
    }

    public void write(Path target, long seconds, boolean irregular) throws IOException {
        SquareFootage footage = new SquareFootage(settings);
        int frameTicks = Mp4Writer.TIMESCALE / settings.fps();
        long frames = frames(seconds);
        long targetBytesPerFrame = settings.bitrateKbps() * 1000L / 8 / settings.fps();
        try (Mp4Writer mp4 = new Mp4Writer(target, settings.width(), settings.height())) {
            for (long i = 0; i < frames; i++) {
                byte[] slice = footage.nextFrame();
                byte[] sample;
                long padding = targetBytesPerFrame - (slice.length + 4L) - 4;
                if (padding >= 2) {
                    sample = SquareFootage.lengthPrefixed(slice, Nal.filler((int) Math.min(padding, 8 << 20)));
                } else {
                    sample = SquareFootage.lengthPrefixed(slice);
                }
                mp4.sample(sample, irregular ? irregularTicks(i, frames, frameTicks) : frameTicks, footage.keyframe());
            }
            mp4.finish(footage.sps(), footage.pps(), footage.profile(), footage.compatibility(), footage.level());
        }
    }

    private static int irregularTicks(long index, long frames, int frameTicks) {
        if (index == frames / 2) {
            long stretched = (long) frameTicks * frames * IRREGULAR_STRETCH;
            return (int) Math.min(Integer.MAX_VALUE, stretched);
        }
        if (index % 7 == 3) {
            return Math.max(1, frameTicks / 3);
        }
        if (index % 11 == 5) {
            return frameTicks * 5 / 2;
        }
        return frameTicks;
    }
}
