package io.vidsift.simulator;

import io.vidsift.simulator.video.VideoSettings;

import java.util.List;
import java.util.Optional;

/**
 * Everything the simulator plays: who may get a token and for how long, which cameras recorded when, what the
 * footage looks like, and which requests fail how. Loaded from YAML by {@link ScenarioLoader}.
 */
public record Scenario(
        TokenSettings token,
        long urlLifetimeSeconds,
        VideoSettings video,
        List<Camera> cameras,
        List<FaultRule> faults,
        long seed) {

    public Scenario {
        cameras = List.copyOf(cameras);
        faults = List.copyOf(faults);
    }

    /** Accepted client credentials, tokens accepted as they are, the lifetime of issued tokens. */
    public record TokenSettings(List<Client> clients, List<String> staticTokens, long lifetimeSeconds, String issuedPrefix) {
        public TokenSettings {
            clients = List.copyOf(clients);
            staticTokens = List.copyOf(staticTokens);
        }
    }

    public record Client(String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "Client[" + clientId + "]";
        }
    }

    /**
     * A device channel and the spans it has recordings for (epoch seconds, half-open); the rest is gaps.
     * {@code file} (nullable): serve this file, as it is, for every download of the camera instead of generated
     * footage (any container: MPEG-PS, TS, IMKH, fragmented MP4, H.265, as real devices deliver).
     */
    public record Camera(String deviceSerial, int channelNo, List<Segment> recordings, String file) {
        public Camera {
            recordings = List.copyOf(recordings);
        }
    }

    public record Segment(long begin, long end) {
        public Segment {
            if (end <= begin) {
                throw new IllegalArgumentException("segment end " + end + " must be after begin " + begin);
            }
        }
    }

    public Optional<Camera> camera(String deviceSerial, int channelNo) {
        return cameras.stream()
                .filter(c -> c.deviceSerial().equals(deviceSerial) && c.channelNo() == channelNo)
                .findFirst();
    }
}
