package io.vidsift.aggregator.output;

import java.util.Map;

/** One colour per status, shared by the chart fills and the legend so that they always match. */
final class StatusColors {

    static final Map<String, String> CHUNK = Map.of(
            "address_ok", "#f2b705",
            "downloaded", "#2e7d32",
            "no_recording", "#9e9e9e",
            "address_failed", "#b71c1c",
            "download_failed", "#e53935");

    static final Map<String, String> VIDEO = Map.of(
            "analyzed", "#1565c0",
            "probe_failed", "#b71c1c",
            "decode_failed", "#e53935",
            "inference_failed", "#ff7043",
            "pending", "#bdbdbd");

    static final String ACTIVITY = "#6a1b9a";
    static final String COUNT = "#00838f";
    static final String EVENT = "#e65100";

    private StatusColors() {
    }
}
