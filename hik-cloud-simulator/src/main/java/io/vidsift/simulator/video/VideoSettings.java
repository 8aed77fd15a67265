package io.vidsift.simulator.video;

/**
 * What the synthetic footage looks like. Width and height are whole macroblocks (multiples of 16).
 * {@code bitrateKbps} &gt; 0 pads every frame with H.264 filler data up to that rate, the way CBR cameras do, so
 * that benchmarks get realistic file sizes; 0 leaves the stream as small as it compresses.
 */
public record VideoSettings(
        int width,
        int height,
        int fps,
        int keyframeSeconds,
        int squareSize,
        int speedPixelsPerSecond,
        int moveSeconds,
        int stillSeconds,
        int bitrateKbps) {

    public static VideoSettings defaults() {
        return new VideoSettings(320, 192, 5, 2, 32, 80, 10, 20, 0);
    }

    public VideoSettings {
        if (width < 32 || height < 32 || width % 16 != 0 || height % 16 != 0 || width > 1920 || height > 1088) {
            throw new IllegalArgumentException("video width/height must be multiples of 16 between 32 and 1920x1088 (was "
                    + width + "x" + height + ")");
        }
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("video fps must be 1..60 (was " + fps + ")");
        }
        if (keyframeSeconds < 1) {
            throw new IllegalArgumentException("video keyframe_seconds must be >= 1 (was " + keyframeSeconds + ")");
        }
        if (squareSize < 4 || squareSize > Math.min(width, height) / 2) {
            throw new IllegalArgumentException("video square_size must be 4..half the smaller side (was " + squareSize + ")");
        }
        if (speedPixelsPerSecond < 0 || moveSeconds < 0 || stillSeconds < 0 || bitrateKbps < 0) {
            throw new IllegalArgumentException("video speed, move/still seconds and bitrate must not be negative");
        }
    }
}
