package io.vidsift.analyzer.inference;

import java.util.Locale;

/**
 * {@code analysis.device}: where ONNX Runtime runs the model. {@code AUTO} (a job's default) leaves the choice to
 * the worker ({@code vidsift.analyzer.device}); {@link DeviceSupport#resolve} never returns it.
 */
public enum InferenceDevice {
    CPU, CUDA, AUTO;

    public static InferenceDevice parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
