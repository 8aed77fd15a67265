package io.vidsift.analyzer.frames;

import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A kept frame, still in the decoder's pixel format: it is converted only by whoever consumes it, at the size that
 * consumer needs. {@code picture} belongs to the decoder and is valid only during the sink call.
 */
public record SampledFrame(int index, double offsetSeconds, AVFrame picture) {
}
