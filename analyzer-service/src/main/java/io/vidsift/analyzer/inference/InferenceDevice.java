package io.vidsift.analyzer.inference;

import java.util.Locale;

/** {@code analysis.device}: where ONNX Runtime runs the model. */
public enum InferenceDevice {
    CPU, CUDA;

    public static InferenceDevice parse(String value) {
        if (value == null || value.isBlank()) {
            return CPU;
        }
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
