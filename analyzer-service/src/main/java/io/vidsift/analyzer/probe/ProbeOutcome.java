package io.vidsift.analyzer.probe;

import io.vidsift.common.messages.Probe;

/**
 * What probing found: the probe fields, the key-frame interval seen in the first packets ({@code gopSeconds},
 * null when it could not be told) that sampling uses to choose between decoding forward and seeking, or the
 * reason the file cannot be analysed.
 */
public record ProbeOutcome(Probe probe, Double gopSeconds, String failure) {

    public static ProbeOutcome failed(String reason) {
        return new ProbeOutcome(null, null, reason);
    }

    public boolean ok() {
        return failure == null;
    }
}
