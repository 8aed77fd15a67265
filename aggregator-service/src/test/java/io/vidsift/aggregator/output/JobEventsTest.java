package io.vidsift.aggregator.output;

import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.common.events.EventDetector;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.storage.ClipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * events.jsonl and the report's gallery from clip files on storage: a camera quiet but for a box moving through
 * two adjacent chunks (one event across the chunk boundary, its thumbnail inlined in the report), and a single
 * active clip later on (a second event).
 */
class JobEventsTest {

    private static final String JOB = "job-ev";
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};

    @TempDir
    Path storage;

    private final MessageCodec codec = new MessageCodec();

    @Test
    void activeSpansBecomeEventsAndTheReportShowsThemWithTheirThumbnails() throws IOException {
        Path out = storage.resolve("out");
        Files.createDirectories(storage.resolve("out/analysis"));
        Files.write(storage.resolve("out/analysis/peak.jpg"), JPEG);
        List<AggregatorEvent> events = new ArrayList<>();
        events.add(AggregatorEvent.of(Events.cloudJob(JOB, out.toString(), 3, false)));
        // chunk 0 (its last minute): active in its last two clips; chunk 1: active in its first clip (the peak);
        // chunk 2: one active clip
        double[][] activity = {
                {0, 0, 0, 0, 0.02, 0.03},
                {0.2, 0, 0, 0, 0, 0},
                {0, 0, 0.04, 0, 0, 0}};
        for (int chunk = 0; chunk < 3; chunk++) {
            events.add(AggregatorEvent.of(Events.download(JOB, chunk, DownloadStatus.DOWNLOADED, chunk)));
            events.add(AggregatorEvent.of(analysed(chunk, activity[chunk], chunk == 1 ? "out/analysis/peak.jpg" : null)));
        }
        ClipFiles clipFiles = new ClipFiles(storage, codec);
        Folded folded = Folded.of(events, clipFiles);
        Path dir = Files.createDirectories(storage.resolve("written"));

        new JobFiles(clipFiles, EventDetector.Settings.defaults(), clipFiles::thumbnail).write(folded.tables(), folded.totals(JOB), dir);

        List<String> rows = Files.readAllLines(dir.resolve("events.jsonl"));
        assertThat(rows).hasSize(2);
        EventDetector.Event first = codec.read(rows.get(0), EventDetector.Event.class);
        CloudWindow w0 = Events.window(0);
        assertThat(first.deviceSerial()).isEqualTo("DEV1");
        assertThat(first.startMs()).isEqualTo((w0.actualBegin() + 580) * 1000);
        assertThat(first.endMs()).isEqualTo((Events.window(1).actualBegin() + 10) * 1000);
        assertThat(first.clips()).isEqualTo(3);
        assertThat(first.peakActivity()).isEqualTo(0.2);
        assertThat(first.thumbnail()).isEqualTo("out/analysis/peak.jpg");
        EventDetector.Event second = codec.read(rows.get(1), EventDetector.Event.class);
        assertThat(second.clips()).isEqualTo(1);
        assertThat(second.thumbnail()).isNull();

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<h2 id=\"events\">Events</h2>", "2 events",
                "src=\"data:image/jpeg;base64," + Base64.getEncoder().encodeToString(JPEG) + "\"",
                "href=\"#camera-DEV1-ch1\"", "<section class=\"camera\" id=\"camera-DEV1-ch1\"", "no thumbnail");
    }

    @Test
    void aDryRunHasNoEventsFile() throws IOException {
        Folded folded = Folded.of(List.of(AggregatorEvent.of(Events.cloudJob(JOB, "/out", 1, true)),
                AggregatorEvent.of(Events.download(JOB, 0, DownloadStatus.ADDRESS_OK, 1, 0, null, true))));
        Path dir = Files.createDirectories(storage.resolve("dry"));

        folded.write(JOB, dir);

        assertThat(dir.resolve("events.jsonl")).doesNotExist();
        assertThat(Files.readString(dir.resolve("report.html"))).doesNotContain("id=\"events\"");
    }

    private VideoAnalyzed analysed(int chunk, double[] activity, String thumbnail) throws IOException {
        CloudWindow w = Events.window(chunk);
        List<ClipResult> clips = new ArrayList<>();
        for (int i = 0; i < activity.length; i++) {
            long base = chunk == 0 ? 540 : 0; // chunk 0's clips are its last minute, so they meet chunk 1's first clip
            long start = (w.actualBegin() + base + i * 10L) * 1000;
            boolean peak = thumbnail != null && i == 0;
            clips.add(new ClipResult(i, base + i * 10, base + i * 10 + 10, start, start + 10_000, 10, false, activity[i], null, null, 0,
                    base + i * 10 + 5.0, activity[i], peak ? thumbnail : null));
        }
        VideoAnalyzed inline = Events.analysis(JOB, chunk, AnalysisStatus.ANALYZED, 100 + chunk);
        String clipsPath = "out/analysis/" + inline.videoId() + ".clips.jsonl";
        new ClipFile(codec).write(storage.resolve(clipsPath), clips);
        return new VideoAnalyzed(inline.schema(), inline.jobId(), inline.videoId(), inline.chunkId(), inline.source(), w,
                inline.path(), null, "keyframes", 1.0, 60, 0, null, "activity", "cpu", null, AnalysisStatus.ANALYZED, null,
                inline.analyzedAt(), clips.size(), clipsPath, 0, 0);
    }
}
