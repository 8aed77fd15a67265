package io.vidsift.analyzer.frames;

import java.util.Locale;

/** {@code analysis.sampling}. {@link #AUTO} is resolved against the video's key-frame interval before decoding. */
public enum SamplingMode {
    EXACT, KEYFRAMES, AUTO;

    public static SamplingMode parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * Key frames give a sample per interval only when they come at least that often; otherwise exact sampling is
     * needed to keep the rate. Unknown GOPs decode exactly: correct first, fast second.
     */
    public SamplingMode resolve(Double gopSeconds, double sampleFps) {
        if (this != AUTO) {
            return this;
        }
        return gopSeconds != null && gopSeconds <= 1.0 / sampleFps + 1e-6 ? KEYFRAMES : EXACT;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
