package io.vidsift.analyzer.frames;

/**
 * The sampling of one video: the mode used, frames decoded/kept/dropped, the effective sample rate over the
 * expected duration (keyframes mode reports what the GOP allowed), whether decoding stopped early at the cap,
 * the decoder used, the time spent in the sink (so decode time can be told apart from inference), timestamp resets
 * and jumps that re-anchored the timeline, decoded frames skipped because the decoder flagged them corrupt, and which
 * frames the decoder was told to skip ({@code nokey}: all but key frames; {@code bidir}: every B-frame, checked safe
 * by {@link BidirCheck}; {@code noref}: non-reference frames; {@code none}).
 */
public record SamplingReport(
        SamplingMode mode,
        int decoded,
        int sampled,
        int dropped,
        double effectiveFps,
        boolean capped,
        String decoder,
        long sinkNanos,
        int reanchored,
        int corrupt,
        String frameSkip) {
}
