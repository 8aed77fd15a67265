package io.vidsift.common.events;

import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.MessageCodec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventDetectorTest {

    private static final long BEGIN_MS = 1_770_080_400_000L;
    private static final EventDetector.Camera GATE = new EventDetector.Camera("DS-1", 1, "gate");

    /** Clip k of a cloud chunk: [10k, 10k+10) s, wall-clock from BEGIN_MS, peak 3 s into the clip. */
    private static ClipResult clip(int k, Double activity, Map<String, ClassStats> counts) {
        Double peak = activity == null ? null : activity * 2;
        return new ClipResult(k, 10.0 * k, 10.0 * k + 10, BEGIN_MS + 10_000L * k, BEGIN_MS + 10_000L * (k + 1), 10, false,
                activity, null, counts == null ? Map.of() : counts, 0, 10.0 * k + 3, peak,
                activity != null && activity >= 0.005 ? "out/analysis/v.peak" + k + ".jpg" : null);
    }

    private static List<EventDetector.Event> run(EventDetector.Settings settings, ClipResult... clips) {
        List<EventDetector.Event> events = new ArrayList<>();
        EventDetector detector = new EventDetector(settings, GATE, events::add);
        for (ClipResult c : clips) {
            detector.accept("v", c);
        }
        detector.finish();
        return events;
    }

    @Test
    void aClassWithoutFiguresCountsNothing() {
        Map<String, ClassStats> broken = new java.util.HashMap<>();
        broken.put("car", null);
        broken.put("person", new ClassStats(2, 1.0));
        Map<String, ClassStats> onlyBroken = new java.util.HashMap<>();
        onlyBroken.put("car", null);
        List<EventDetector.Event> events = run(EventDetector.Settings.defaults(), clip(0, null, broken), clip(1, null, onlyBroken));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).clips()).isEqualTo(1);
        assertThat(events.get(0).counts()).containsExactly(Map.entry("person", 2));
    }

    @Test
    void contiguousActiveClipsFormOneEventWithTheirPeak() {
        List<EventDetector.Event> events = run(EventDetector.Settings.defaults(),
                clip(0, 0.0001, null), clip(1, 0.02, null), clip(2, 0.08, null), clip(3, 0.03, null), clip(4, 0.0002, null));

        assertThat(events).hasSize(1);
        EventDetector.Event e = events.get(0);
        assertThat(e.startMs()).isEqualTo(BEGIN_MS + 10_000);
        assertThat(e.endMs()).isEqualTo(BEGIN_MS + 40_000);
        assertThat(e.durationSeconds()).isEqualTo(30.0);
        assertThat(e.clips()).isEqualTo(3);
        assertThat(e.peakActivity()).isEqualTo(0.16);
        assertThat(e.peakMs()).isEqualTo(BEGIN_MS + 23_000);
        assertThat(e.thumbnail()).isEqualTo("out/analysis/v.peak2.jpg");
        assertThat(e.deviceSerial()).isEqualTo("DS-1");
        assertThat(e.cameraName()).isEqualTo("gate");
        assertThat(e.wallClock()).isTrue();
        assertThat(e.counts()).isEmpty();
    }

    @Test
    void aShortQuietGapMergesALongOneSplits() {
        // Quiet clip 2 (10 s gap): merged with the default 10 s gap. Quiet 5..7 (30 s): a new event.
        ClipResult[] clips = {clip(0, 0.01, null), clip(1, 0.01, null), clip(2, 0.0, null), clip(3, 0.01, null),
                clip(4, 0.0, null), clip(5, 0.0, null), clip(6, 0.0, null), clip(7, 0.05, null)};

        assertThat(run(EventDetector.Settings.defaults(), clips)).extracting(EventDetector.Event::clips).containsExactly(3, 1);
        assertThat(run(new EventDetector.Settings(0.005, 1, 0, 0), clips)).hasSize(3);
        assertThat(run(new EventDetector.Settings(0.005, 1, 0, 40), clips)).hasSize(1);
    }

    @Test
    void thresholdAndMinimumLengthAreSettings() {
        ClipResult[] clips = {clip(0, 0.004, null), clip(1, 0.006, null), clip(3, 0.2, null), clip(4, 0.2, null)};

        assertThat(run(new EventDetector.Settings(0.003, 1, 0, 0), clips)).hasSize(2);
        assertThat(run(new EventDetector.Settings(0.1, 1, 0, 0), clips)).hasSize(1);
        // Events shorter than 15 s are dropped: only the 20 s one stays.
        assertThat(run(new EventDetector.Settings(0.005, 1, 15, 0), clips)).extracting(EventDetector.Event::durationSeconds)
                .containsExactly(20.0);
    }

    @Test
    void detectorCountsMakeClipsActiveAndAreReportedAsMaxima() {
        List<EventDetector.Event> events = run(EventDetector.Settings.defaults(),
                clip(0, null, Map.of("person", new ClassStats(0, 0))),
                clip(1, null, Map.of("person", new ClassStats(1, 0.4))),
                clip(2, null, Map.of("person", new ClassStats(3, 2.1), "car", new ClassStats(1, 0.1))),
                clip(3, null, Map.of("person", new ClassStats(0, 0))));

        assertThat(events).hasSize(1);
        EventDetector.Event e = events.get(0);
        assertThat(e.clips()).isEqualTo(2);
        assertThat(e.counts()).containsEntry("person", 3).containsEntry("car", 1);
        assertThat(e.peakActivity()).isNull();
        assertThat(e.peakMs()).isEqualTo(BEGIN_MS + 23_000);
    }

    @Test
    void localClipsUseOffsetsWithinOneVideo() {
        List<EventDetector.Event> events = new ArrayList<>();
        EventDetector detector = new EventDetector(EventDetector.Settings.defaults(), new EventDetector.Camera(null, null, "local"), events::add);
        ClipResult local = new ClipResult(2, 20, 30, null, null, 10, false, 0.05, null, Map.of(), 1, 24.0, 0.2, null);
        detector.accept("v-local", local);
        detector.accept("v-other", local);
        detector.finish();

        assertThat(events).hasSize(2);
        assertThat(events.get(0).wallClock()).isFalse();
        assertThat(events.get(0).startMs()).isEqualTo(20_000);
        assertThat(events.get(0).peakMs()).isEqualTo(24_000);
        assertThat(events.get(0).sceneChanges()).isEqualTo(1);
        assertThat(events.get(1).videoId()).isEqualTo("v-other");
    }

    @Test
    void rowsAreSnakeCaseJsonLines() {
        EventDetector.Event e = run(EventDetector.Settings.defaults(), clip(1, 0.02, null)).get(0);

        String json = new MessageCodec().write(e);

        assertThat(json).contains("\"device_serial\":\"DS-1\"", "\"start_ms\":" + (BEGIN_MS + 10_000), "\"peak_activity\":0.04",
                "\"thumbnail\":\"out/analysis/v.peak1.jpg\"", "\"wall_clock\":true").doesNotContain("\n");
        assertThat(new MessageCodec().read(json, EventDetector.Event.class)).isEqualTo(e);
    }

    @Test
    void badSettingsNameTheField() {
        assertThatThrownBy(() -> new EventDetector.Settings(0, 1, 0, 10)).hasMessageContaining("events.activity_threshold");
        assertThatThrownBy(() -> new EventDetector.Settings(0.01, 0, 0, 10)).hasMessageContaining("events.min_count");
        assertThatThrownBy(() -> new EventDetector.Settings(0.01, 1, -1, 10)).hasMessageContaining("events.min_seconds");
        assertThatThrownBy(() -> new EventDetector.Settings(0.01, 1, 0, -1)).hasMessageContaining("events.merge_gap_seconds");
    }
}
