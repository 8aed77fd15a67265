package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.MessageCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CounterCodecTest {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void jobTotalsComeBackFieldForField() {
        JobTotals totals = new JobTotals("job-1");
        totals.planned = true;
        totals.name = "lobby ünïcode";
        totals.mode = "hik_cloud";
        totals.local = false;
        totals.dryRun = true;
        totals.plannedChunks = 4_320_000;
        totals.plannedFiles = 7;
        totals.timezone = "Asia/Kolkata";
        totals.plannedAt = "2026-02-10T00:00:00Z";
        totals.outputDir = "out/job-1";
        totals.chunk(DownloadStatus.NO_RECORDING, true, 1);
        totals.chunk(DownloadStatus.DOWNLOADED, false, 1);
        totals.video(AnalysisStatus.ANALYZED, 60, 1);
        totals.recorded = 2;
        totals.awaiting = -1;
        totals.seen("2026-02-10T00:00:00.5Z");
        totals.seen("2026-02-11T10:00:00Z");
        totals.markAnnounced();
        totals.changed();
        totals.earlySequence = 42;
        totals.earlyDrained = 40;

        JobTotals back = CounterCodec.readTotals(CounterCodec.write(totals));
        assertThat(codec.write(back)).isEqualTo(codec.write(totals));
        assertThat(back.firstReport()).isEqualTo("2026-02-10T00:00:00.500Z");
        assertThat(back.lastReport()).isEqualTo("2026-02-11T10:00:00Z");
    }

    @Test
    void aNewJobWithNothingSetComesBackTheSame() {
        JobTotals totals = new JobTotals("job-2");
        JobTotals back = CounterCodec.readTotals(CounterCodec.write(totals));
        assertThat(codec.write(back)).isEqualTo(codec.write(totals));
        assertThat(back.firstReport()).isNull();
        assertThat(back.outputDir()).isNull();
    }

    @Test
    void thePartsOfABigPlansDeviceListComeBackAndOtherRowsDoNotGrow() {
        JobTotals plain = new JobTotals("job-3");
        plain.earlySequence = 5;
        byte[] without = CounterCodec.write(plain);
        assertThat(CounterCodec.readTotals(without).devicePartsFolded).isNull();

        JobTotals totals = new JobTotals("job-3");
        totals.earlySequence = 5;
        assertThat(totals.devicePart(2, 3)).isTrue();
        assertThat(totals.devicePart(0, 3)).isTrue();
        JobTotals back = CounterCodec.readTotals(CounterCodec.write(totals));
        assertThat(codec.write(back)).isEqualTo(codec.write(totals));
        assertThat(back.deviceParts).isEqualTo(3);
        assertThat(back.devicePartsFolded).containsExactly(0, 2);
        assertThat(back.devicesComplete()).isFalse();
        assertThat(back.devicePart(2, 3)).as("a redelivered part").isFalse();
        assertThat(back.devicePart(1, 3)).isTrue();
        assertThat(CounterCodec.readTotals(CounterCodec.write(back)).devicesComplete()).isTrue();
        assertThat(CounterCodec.write(totals).length).isEqualTo(without.length + 4 + 4 + 2 * 4);
    }

    @Test
    void cameraTotalsComeBackFieldForField() {
        for (Camera camera : new Camera[]{new Camera("DS-1", 2, "gate"), Camera.LOCAL}) {
            CameraTotals totals = new CameraTotals(camera);
            totals.chunks[DownloadStatus.DOWNLOADED.ordinal()] = 3;
            totals.videos[AnalysisStatus.ANALYZED.ordinal()] = 2;
            totals.clips = 120;
            totals.requestedSeconds = 3600;
            totals.downloadedSeconds = 1800;
            totals.analyzedSeconds = 1200;
            totals.localSeconds = 12.25;
            CameraTotals back = CounterCodec.readCamera(CounterCodec.write(totals));
            assertThat(codec.write(back)).isEqualTo(codec.write(totals));
            assertThat(back.camera()).isEqualTo(camera);
        }
    }

    @Test
    void aRowOfAnotherFormatIsRefusedWithTheReason() {
        assertThatThrownBy(() -> CounterCodec.readTotals("{\"job_id\":\"j\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown version");
        assertThatThrownBy(() -> CounterCodec.readCamera(new byte[]{1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a counter row");
    }
}
