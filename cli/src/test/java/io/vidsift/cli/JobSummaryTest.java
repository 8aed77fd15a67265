package io.vidsift.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A finished job's files count as final only once the aggregator's last write of them is on disk. */
class JobSummaryTest {

    @TempDir
    Path dir;

    @Test
    void finalMeansEveryFileThereTheSummaryInTheEndStateAndTheReportWrittenAfterIt() throws Exception {
        ObjectNode outputs = new ObjectMapper().createObjectNode();
        for (String name : new String[]{"results.jsonl", "summary.json", "report.html"}) {
            outputs.put(name, dir.resolve(name).toString());
        }
        assertThat(JobSummary.finalFiles(outputs, "completed")).as("nothing written yet").isFalse();

        Files.writeString(dir.resolve("results.jsonl"), "");
        Files.writeString(dir.resolve("summary.json"), "{\"state\": \"analyzing\"}");
        Files.writeString(dir.resolve("report.html"), "<html>");
        assertThat(JobSummary.finalFiles(outputs, "completed")).as("an earlier write").isFalse();

        Files.writeString(dir.resolve("summary.json"), "{\"state\": \"completed\"}");
        Files.setLastModifiedTime(dir.resolve("summary.json"), FileTime.from(Instant.parse("2026-02-03T01:00:01Z")));
        Files.setLastModifiedTime(dir.resolve("report.html"), FileTime.from(Instant.parse("2026-02-03T01:00:00Z")));
        assertThat(JobSummary.finalFiles(outputs, "completed")).as("the last write is not done: report.html is older").isFalse();

        Files.setLastModifiedTime(dir.resolve("report.html"), FileTime.from(Instant.parse("2026-02-03T01:00:02Z")));
        assertThat(JobSummary.finalFiles(outputs, "completed")).isTrue();
        assertThat(JobSummary.finalFiles(new ObjectMapper().createObjectNode(), "completed")).as("no files listed").isTrue();
    }
}
