package io.vidsift.simulator;

import java.util.Set;

/**
 * One injected fault. It applies to requests of one {@link Target}, optionally only for one device, either to the
 * listed request numbers (1-based, counted among the requests this rule matches: a script) or at random with
 * {@code rate} (seeded, so runs repeat).
 */
public record FaultRule(
        FaultKind kind,
        Target target,
        String deviceSerial,
        Set<Integer> requests,
        double rate,
        int status,
        String code,
        String message,
        long delayMillis) {

    public enum Target {
        TOKEN, ADDRESS, DOWNLOAD
    }

    public FaultRule {
        requests = Set.copyOf(requests);
    }

    public boolean matches(Target target, String deviceSerial) {
        return this.target == target && (this.deviceSerial == null || this.deviceSerial.equals(deviceSerial));
    }
}
