package io.vidsift.simulator;

import java.util.Optional;

/** What a camera has in a requested span: the recorded part, clipped to the request, or nothing. */
final class Recordings {

    record Span(long begin, long end) {
    }

    private Recordings() {
    }

    static Optional<Span> within(Scenario.Camera camera, long begin, long end) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Scenario.Segment segment : camera.recordings()) {
            if (segment.begin() < end && begin < segment.end()) {
                first = Math.min(first, segment.begin());
                last = Math.max(last, segment.end());
            }
        }
        if (first == Long.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new Span(Math.max(begin, first), Math.min(end, last)));
    }
}
