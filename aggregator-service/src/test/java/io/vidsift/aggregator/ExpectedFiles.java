package io.vidsift.aggregator;

import io.vidsift.aggregator.output.OutputFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reviewed outputs under src/test/resources/expected/&lt;job&gt;/. JSONL files and summary.json are compared
 * line for line; report.html is checked by its own tests (it is markup, not data).
 */
public final class ExpectedFiles {

    public static final List<OutputFile> DATA_FILES = List.of(OutputFile.DOWNLOAD_MANIFEST, OutputFile.VIDEO_MANIFEST,
            OutputFile.RESULTS, OutputFile.SUMMARY);

    private ExpectedFiles() {
    }

    public static Optional<List<String>> lines(String jobId, OutputFile file) {
        try (InputStream in = ExpectedFiles.class.getResourceAsStream("/expected/" + jobId + "/" + file.fileName())) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code dir} holds exactly the expected data files of the job, equal line for line. */
    public static void assertMatches(String jobId, Path dir) {
        for (OutputFile file : DATA_FILES) {
            Path actual = dir.resolve(file.fileName());
            Optional<List<String>> expected = lines(jobId, file);
            if (expected.isEmpty()) {
                assertThat(actual).as(file.fileName() + " is not expected for " + jobId).doesNotExist();
                continue;
            }
            assertThat(actual).as(file.fileName()).exists();
            try {
                assertThat(Files.readAllLines(actual)).as(jobId + "/" + file.fileName())
                        .containsExactlyElementsOf(expected.get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
