package io.vidsift.analyzer.frames;

import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A kept frame, still in the decoder's pixel format: it is converted only by whoever consumes it, at the size that
 * consumer needs. {@code picture} belongs to the decoder and is valid only during the sink call. {@code index} is
 * {@link #PREDECESSOR} for a decode segment's look-back sample: score it, so the next frame has something to be
 * compared with, but do not report it (the previous segment reports that slot).
 */
public record SampledFrame(int index, double offsetSeconds, AVFrame picture) {

    public static final int PREDECESSOR = -1;

    public boolean predecessor() {
        return index == PREDECESSOR;
    }
}
