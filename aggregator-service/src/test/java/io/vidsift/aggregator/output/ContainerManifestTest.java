package io.vidsift.aggregator.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Probe;
import io.vidsift.common.messages.VideoAnalyzed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container a chunk was received in (DownloadRecorded.container) is a column of the download manifest, while
 * the video manifest keeps what FFmpeg probed on storage: an IMKH-prefixed PS download is stored remuxed to MP4,
 * and both facts stay readable.
 */
class ContainerManifestTest {

    private static final String JOB = "job-containers";
    private static final String MP4_FAMILY = "mov,mp4,m4a,3gp,3g2,mj2";

    @TempDir
    Path dir;

    @Test
    void theDownloadManifestKeepsTheContainerReceivedAndTheVideoManifestTheOneProbed() throws IOException {
        List<AggregatorEvent> events = new ArrayList<>();
        events.add(AggregatorEvent.of(Events.cloudJob(JOB, dir.toString(), 3, false)));
        events.add(AggregatorEvent.of(received(Events.download(JOB, 0, DownloadStatus.DOWNLOADED, 0), "imkh-ps")));
        events.add(AggregatorEvent.of(received(Events.download(JOB, 1, DownloadStatus.DOWNLOADED, 1), "fmp4")));
        events.add(AggregatorEvent.of(Events.download(JOB, 2, DownloadStatus.DOWNLOAD_FAILED, 2, 3, "not a video", false)));
        events.add(AggregatorEvent.of(probed(Events.analysis(JOB, 0, AnalysisStatus.ANALYZED, 10))));
        events.add(AggregatorEvent.of(probed(Events.analysis(JOB, 1, AnalysisStatus.ANALYZED, 11))));

        Folded.of(events).write(JOB, dir);

        List<JsonNode> downloads = rows(dir.resolve(OutputFile.DOWNLOAD_MANIFEST.fileName()));
        assertThat(downloads).extracting(r -> r.get("container").isNull() ? null : r.get("container").asText())
                .containsExactly("imkh-ps", "fmp4", null);
        assertThat(downloads.get(0).has("container")).isTrue();
        assertThat(downloads.get(0).fieldNames()).toIterable().containsExactlyElementsOf(DownloadManifest.COLUMNS);
        List<JsonNode> videos = rows(dir.resolve(OutputFile.VIDEO_MANIFEST.fileName()));
        assertThat(videos).as("a failed download has no video row").hasSize(2);
        assertThat(videos).allSatisfy(r -> assertThat(r.get("container").asText()).isEqualTo(MP4_FAMILY));
    }

    private static DownloadRecorded received(DownloadRecorded d, String container) {
        return new DownloadRecorded(d.schema(), d.jobId(), d.chunkId(), d.source(), d.window(), d.downloadUrlHost(), d.path(),
                d.status(), d.retryCount(), d.lastError(), d.bytes(), d.sha256(), d.dryRun(), d.recordedAt(), container);
    }

    private static VideoAnalyzed probed(VideoAnalyzed a) {
        Probe probe = new Probe(MP4_FAMILY, "h264", 1280, 720, 25.0, 600.0, 0.0, 2_000_000L, 15_000L);
        return new VideoAnalyzed(a.schema(), a.jobId(), a.videoId(), a.chunkId(), a.source(), a.window(), a.path(), probe,
                a.samplingMode(), a.effectiveFps(), a.framesSampled(), a.framesDropped(), a.clips(), a.model(), a.device(),
                a.timingsMs(), a.status(), a.error(), a.analyzedAt(), a.clipCount(), a.clipsPath(), a.timestampResets(),
                a.framesCorrupt());
    }

    private static List<JsonNode> rows(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(json.readTree(line));
        }
        return rows;
    }
}
