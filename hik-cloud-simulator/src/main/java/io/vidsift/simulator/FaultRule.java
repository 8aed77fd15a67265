package io.vidsift.simulator;

import java.util.Set;

/**
 * One injected fault. It applies to requests of one {@link Target}, optionally only for one device, either to the
 * listed request numbers (1-based, counted among the requests this rule matches: a script) or at random with
 * {@code rate} (seeded, so runs repeat), or to every request during {@code forMillis} from the first request the
 * simulator received (an outage of a fixed length, whatever the request rate; all windows start together).
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
        long delayMillis,
        long forMillis) {

    public enum Target {
        TOKEN, ADDRESS, DOWNLOAD
    }

    public FaultRule {
        requests = Set.copyOf(requests);
    }

    /** A rule without an outage window. */
    public FaultRule(FaultKind kind, Target target, String deviceSerial, Set<Integer> requests, double rate, int status,
                     String code, String message, long delayMillis) {
        this(kind, target, deviceSerial, requests, rate, status, code, message, delayMillis, 0);
    }

    public boolean matches(Target target, String deviceSerial) {
        return this.target == target && (this.deviceSerial == null || this.deviceSerial.equals(deviceSerial));
    }
}
