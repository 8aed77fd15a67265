package io.vidsift.analyzer;

import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.ClipSums;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.common.storage.ClipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Schema 2: the clip rows go to a file on storage and the record names it; the rows equal what schema 1 carried inline. */
class ClipRowsOnStorageTest {

    private static ModelSessions sessions;

    @BeforeAll
    static void open() {
        sessions = Analyzers.sessions();
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    @Test
    void clipRowsLandNextToTheFrameFileAndTheRecordNamesThem() throws Exception {
        Path root = TestVideos.dir();
        VideoAnalyzer analyzer = Analyzers.over(root, sessions);
        VideoReady inline = Analyzers.cloud("moving.mp4", 60, Analyzers.analysis("exact"));
        Path output = Files.createTempDirectory(root, "job-out-");
        VideoReady onStorage = new VideoReady(Schema.VERSION, inline.jobId(), inline.videoId(), inline.source(), inline.chunkId(),
                inline.window(), inline.path(), null, null, output.toString(), inline.analysis());

        VideoAnalyzed expected = analyzer.analyze(inline);
        VideoAnalyzed result = analyzer.analyze(onStorage);

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(expected.clipsPath()).as("no output dir: rows stay inline").isNull();
        assertThat(result.clips()).isNull();
        assertThat(result.clipCount()).isEqualTo(expected.clips().size()).isEqualTo(6);
        assertThat(result.clipsPath()).isEqualTo(root.relativize(ClipFile.under(output, inline.videoId())).toString());
        List<ClipResult> rows = new ArrayList<>();
        new ClipFile(new MessageCodec()).read(root.resolve(result.clipsPath()), rows::add);
        // The same rows; only the stored ones carry thumbnails (written next to the clip file, for the active clips).
        assertThat(rows).extracting(r -> r.withThumbnail(null)).isEqualTo(expected.clips());
        assertThat(rows).extracting(ClipResult::thumbnail).filteredOn(java.util.Objects::nonNull).hasSize(2)
                .allSatisfy(t -> assertThat(root.resolve(t)).isRegularFile());
        // What the rows add up to rides in the record (the aggregator folds those, not the file); inline rows need none.
        assertThat(expected.clipSums()).isNull();
        assertThat(result.clipSums()).isEqualTo(ClipSums.of(result.window(), rows));
        assertThat(ClipSums.total(result.clipSums())).isEqualTo(6);
    }
}
