package io.vidsift.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.aggregator.output.OutputFile;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Probe;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.downloader.ChunkOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every container kind a camera or a cloud download delivers, made by Debian's ffmpeg, served by the Hik Cloud
 * simulator, downloaded, checked and stored by the real downloader, then analysed by the real analyzer from what was
 * stored: faststart, moov-last and fragmented MP4, MPEG-TS, MPEG-PS and IMKH-prefixed PS, H.264 and H.265. The box
 * moves the whole time, so every clip is active. The job's manifests then say what was received and what is stored.
 */
class ContainerPipelineTest {

    private static final int SECONDS = 6;
    private static final String JOB = "job-containers";
    private static final String MP4_FAMILY = "mov,mp4,m4a,3gp,3g2,mj2";
    /** Every kind, by the camera serving it. */
    private static final Map<String, Path> CAMERAS = new LinkedHashMap<>();

    @TempDir
    static Path storage;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        DebianFootage.assumeInstalled();
        List<String> scene = DebianFootage.scene(160, 120, SECONDS, "mod(t*40,140)");
        List<String> h264 = DebianFootage.codec(false, false);
        CAMERAS.put("CAM_FASTSTART", footage("faststart.mp4", scene, h264, "-movflags", "+faststart", "-f", "mp4"));
        CAMERAS.put("CAM_MOOVLAST", footage("moovlast.mp4", scene, h264, "-f", "mp4"));
        CAMERAS.put("CAM_FRAGMENTED", footage("fragmented.mp4", scene, h264, "-movflags", "+frag_keyframe+empty_moov+default_base_moof",
                "-f", "mp4"));
        CAMERAS.put("CAM_HEVC_MP4", footage("hevc.mp4", scene, DebianFootage.codec(true, false), "-tag:v", "hvc1", "-f", "mp4"));
        CAMERAS.put("CAM_TS", footage("h264.ts", scene, h264, "-f", "mpegts"));
        CAMERAS.put("CAM_HEVC_TS", footage("hevc.ts", scene, DebianFootage.codec(true, false), "-f", "mpegts"));
        // Hikvision's PS has no B-frames (FFmpeg's PS muxer leaves most frames without a PTS, fatal with B-frames).
        Path ps = footage("h264.ps", scene, DebianFootage.codec(false, true), "-bsf:v", "h264_mp4toannexb", "-f", "mpeg");
        CAMERAS.put("CAM_PS", ps);
        CAMERAS.put("CAM_IMKH", DebianFootage.imkh(ps, "imkh.mp4"));
        pipeline = new Pipeline(JOB, storage, CAMERAS);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @ParameterizedTest(name = "{1} ({2}) from {0}: downloaded, stored as {3}, analysed")
    @CsvSource({
            "CAM_FASTSTART, mp4, h264, received",
            "CAM_MOOVLAST, mp4, h264, received",
            "CAM_FRAGMENTED, fmp4, h264, received",
            "CAM_HEVC_MP4, mp4, hevc, received",
            "CAM_TS, mpeg-ts, h264, remuxed",
            "CAM_HEVC_TS, mpeg-ts, hevc, remuxed",
            "CAM_PS, mpeg-ps, h264, remuxed",
            "CAM_IMKH, imkh-ps, h264, remuxed",
    })
    void eachContainerKindDownloadsThroughTheSimulatorAndAnalyses(String serial, String container, String codec, String stored)
            throws Exception {
        AnalysisConfig analysis = exact();
        ChunkRequested chunk = pipeline.chunk(serial, SECONDS, analysis);

        ChunkOutcome downloaded = pipeline.download(chunk);
        DownloadRecorded record = downloaded.record();

        assertThat(record.status()).as(record.lastError()).isEqualTo(DownloadStatus.DOWNLOADED);
        assertThat(record.container()).isEqualTo(container);
        Path file = storage.resolve(record.path());
        if (stored.equals("received")) {
            assertThat(file).hasSameBinaryContentAs(CAMERAS.get(serial));
        } else {
            assertThat(Files.size(file)).isEqualTo(record.bytes());
        }

        VideoAnalyzed analyzed = pipeline.analyze(downloaded);

        assertThat(analyzed.status()).as(analyzed.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(analyzed.path()).isEqualTo(record.path());
        Probe probe = analyzed.probe();
        assertThat(probe.codec()).isEqualTo(codec);
        assertThat(probe.container()).as("remuxed to MP4, or MP4 as received").isEqualTo(MP4_FAMILY);
        assertThat(probe.width()).isEqualTo(160);
        assertThat(probe.height()).isEqualTo(120);
        assertThat(probe.fps()).isCloseTo(DebianFootage.FPS, org.assertj.core.data.Offset.offset(0.5));
        assertThat(probe.durationSeconds()).isBetween(SECONDS - 0.5, SECONDS + 0.5);
        assertThat(analyzed.framesSampled()).isBetween(SECONDS - 1, SECONDS);
        assertThat(analyzed.timestampResets()).isZero();
        assertThat(analyzed.framesCorrupt()).isZero();
        assertThat(analyzed.clipCount()).isEqualTo(2);
    }

    /**
     * The download manifest says what was received, the video manifest what was probed on storage. Each chunk is
     * requested here again (as a redelivery would: after the test above, the downloader's ledger answers it without a
     * request, and must keep the container too).
     */
    @Test
    void theManifestsKeepTheContainerReceivedAndTheOneStored(@TempDir Path out) throws Exception {
        List<AggregatorEvent> messages = new ArrayList<>();
        for (String serial : CAMERAS.keySet()) {
            ChunkOutcome downloaded = pipeline.download(pipeline.chunk(serial, SECONDS, exact()));
            messages.add(AggregatorEvent.of(downloaded.record()));
            messages.add(AggregatorEvent.of(pipeline.analyze(downloaded)));
        }
        messages.add(0, AggregatorEvent.of(pipeline.plan(List.copyOf(CAMERAS.keySet()), SECONDS, exact())));

        pipeline.writeJobFiles(messages, out);

        ObjectMapper json = new ObjectMapper();
        Map<String, String> received = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out.resolve(OutputFile.DOWNLOAD_MANIFEST.fileName()))) {
            JsonNode row = json.readTree(line);
            received.put(row.get("device_serial").asText(), row.get("container").asText());
        }
        assertThat(received).containsExactlyInAnyOrderEntriesOf(Map.of("CAM_FASTSTART", "mp4", "CAM_MOOVLAST", "mp4",
                "CAM_FRAGMENTED", "fmp4", "CAM_HEVC_MP4", "mp4", "CAM_TS", "mpeg-ts", "CAM_HEVC_TS", "mpeg-ts", "CAM_PS", "mpeg-ps",
                "CAM_IMKH", "imkh-ps"));
        List<String> videos = Files.readAllLines(out.resolve(OutputFile.VIDEO_MANIFEST.fileName()));
        assertThat(videos).hasSize(CAMERAS.size());
        for (String line : videos) {
            JsonNode row = json.readTree(line);
            assertThat(row.get("status").asText()).isEqualTo("analyzed");
            assertThat(row.get("container").asText()).as(row.get("device_serial").asText()).isEqualTo(MP4_FAMILY);
        }
    }

    private static AnalysisConfig exact() {
        AnalysisConfig d = AnalysisConfig.defaults();
        return new AnalysisConfig(1.0, "exact", 3, "cpu", "none", 0, 3600, false, d.model(), List.of());
    }

    private static Path footage(String name, List<String> scene, List<String> codec, String... muxer) throws Exception {
        List<String> args = new ArrayList<>(scene);
        args.addAll(codec);
        args.addAll(List.of(muxer));
        return DebianFootage.make(name, args);
    }
}
