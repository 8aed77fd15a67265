package io.vidsift.analyzer.probe;

import io.vidsift.analyzer.CameraFootage;
import io.vidsift.analyzer.TestVideos;
import io.vidsift.common.messages.Probe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe on FFmpeg's own calls: the facts JavaCV's grabber reported before, and FFmpeg's reason when it cannot read. */
class VideoProberTest {

    private final VideoProber prober = new VideoProber();

    @Test
    void readsContainerStreamAndGop() {
        ProbeOutcome outcome = prober.probe(TestVideos.file("moving.mp4"));

        assertThat(outcome.ok()).as(outcome.failure()).isTrue();
        Probe p = outcome.probe();
        assertThat(p.container()).isEqualTo("mov,mp4,m4a,3gp,3g2,mj2");
        assertThat(p.codec()).isEqualTo("h264");
        assertThat(p.width()).isEqualTo(TestVideos.WIDTH);
        assertThat(p.height()).isEqualTo(TestVideos.HEIGHT);
        assertThat(p.fps()).isEqualTo((double) TestVideos.FPS);
        assertThat(p.durationSeconds()).isEqualTo((double) TestVideos.SECONDS);
        assertThat(p.estimatedFrames()).isEqualTo((long) TestVideos.SECONDS * TestVideos.FPS);
        assertThat(outcome.gopSeconds()).isEqualTo(2.0);
    }

    @Test
    void namesTheCodecOfH265AndTheContainerOfATransportStream() {
        assertThat(prober.probe(CameraFootage.file("hevc.mp4")).probe().codec()).isEqualTo("hevc");
        assertThat(prober.probe(CameraFootage.file("moving.ts")).probe().container()).isEqualTo("mpegts");
    }

    @Test
    void aFileFfmpegCannotReadFailsWithFfmpegsReasonAndNoPath() {
        ProbeOutcome outcome = prober.probe(TestVideos.file("notes.mp4"));

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.failure()).contains("could not open input").contains("Invalid data found when processing input")
                .doesNotContain(TestVideos.dir().toString());
    }
}
