package io.vidsift.analyzer.inference;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExportMetadataTest {

    @Test
    void readsUltralyticsNamesImgszAndEnd2End() {
        ExportMetadata m = ExportMetadata.of(Map.of(
                "names", "{0: 'person', 1: \"traffic light\", 2: 'it\\'s'}",
                "imgsz", "[384, 640]",
                "args", "{'batch': 1, 'half': False, 'nms': True}"));

        assertThat(m.names()).containsExactly("person", "traffic light", "it\\'s");
        assertThat(m.imgHeight()).isEqualTo(384);
        assertThat(m.imgWidth()).isEqualTo(640);
        assertThat(m.end2end()).isTrue();
    }

    @Test
    void missingOrUnreadableEntriesAreAbsent() {
        assertThat(ExportMetadata.of(Map.of())).isEqualTo(ExportMetadata.NONE);
        ExportMetadata m = ExportMetadata.of(Map.of("names", "{1: 'car'}", "imgsz", "wide", "end2end", "False"));
        assertThat(m.names()).isEmpty();
        assertThat(m.imgHeight()).isZero();
        assertThat(m.end2end()).isFalse();
        assertThat(ExportMetadata.of(Map.of("imgsz", "640")).imgWidth()).isEqualTo(640);
    }

    @Test
    void end2EndRowsAreToldFromAOneClassV5Head() {
        assertThat(YoloLayout.of(new long[] {1, 300, 6}, 0).kind()).isEqualTo(YoloLayout.Kind.END2END);
        assertThat(YoloLayout.of(new long[] {1, 300, 6}, 80).kind()).isEqualTo(YoloLayout.Kind.END2END);
        assertThat(YoloLayout.of(new long[] {1, 300, 6}, 1).kind()).isEqualTo(YoloLayout.Kind.END2END);
        assertThat(YoloLayout.of(new long[] {1, 25200, 6}, 1).kind()).isEqualTo(YoloLayout.Kind.V5);
        assertThat(YoloLayout.of(new long[] {1, 25200, 6}, 0).kind()).isEqualTo(YoloLayout.Kind.V5);
        assertThat(YoloLayout.of(new long[] {1, 84, 8400}, 80).kind()).isEqualTo(YoloLayout.Kind.V8);
        assertThat(List.of(YoloLayout.of(new long[] {1, 300, 6}, 0).classes())).containsExactly(80);
    }
}
