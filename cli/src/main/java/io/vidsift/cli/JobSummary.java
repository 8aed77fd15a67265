package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The table printed when a watched job ends: state, chunks and videos by status, clips, and the output files. */
final class JobSummary {

    static final List<String> OUTPUTS = List.of("hik_cloud_download_manifest.jsonl", "video_manifest.jsonl", "results.jsonl",
            "summary.json", "report.html");

    private final PrintWriter out;

    JobSummary(PrintWriter out) {
        this.out = out;
    }

    /** With the output dir the aggregator reports (a path as the services see it). */
    void print(JsonNode status) {
        print(status, Path.of(status.path("output_dir").asText(".")));
    }

    void print(JsonNode status, Path outputDir) {
        awaitFinalFiles(status);
        out.println();
        out.printf("%-20s %s%n", "job", status.path("job_id").asText());
        out.printf("%-20s %s%n", "state", status.path("state").asText());
        section("chunks", status.path("chunks").path("planned"), status.path("chunks").path("by_status"));
        section("videos", status.path("videos").path("expected"), status.path("videos").path("by_status"));
        out.printf("%-20s %s%n", "clips", status.path("counts").path("clips").asText("0"));
        out.println();
        out.println("outputs:");
        for (String name : OUTPUTS) {
            Path file = outputDir.resolve(name).toAbsolutePath();
            out.printf("  %-36s %s%n", name, Files.isRegularFile(file) ? file + " (" + size(file) + " bytes)" : "(not written)");
        }
        out.flush();
    }

    /** A total and its non-zero statuses, e.g. "chunks 36" then "  downloaded 33". */
    private void section(String name, JsonNode total, JsonNode byStatus) {
        if (total.isMissingNode() || total.asLong() == 0) {
            return;
        }
        out.printf("%-20s %d%n", name, total.asLong());
        for (Iterator<Map.Entry<String, JsonNode>> it = byStatus.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> count = it.next();
            if (count.getValue().asLong() > 0) {
                out.printf("  %-18s %d%n", count.getKey(), count.getValue().asLong());
            }
        }
    }

    /**
     * Waits, bounded, until the job's final files are on disk. The status turns complete a moment before the
     * aggregator writes the final files (it announces JobCompleted only after them), so files read at once may still
     * be an earlier, partial version. Final means: every listed file exists, summary.json (written after the
     * manifests and results) names the status's terminal state, and report.html (written last) is at least as new.
     */
    static void awaitFinalFiles(JsonNode status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode outputs = status.path("outputs");
        String state = status.path("state").asText();
        while (System.nanoTime() < deadline && !finalFiles(outputs, state)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static boolean finalFiles(JsonNode outputs, String state) {
        for (Iterator<Map.Entry<String, JsonNode>> it = outputs.fields(); it.hasNext(); ) {
            if (!Files.isRegularFile(Path.of(it.next().getValue().asText()))) {
                return false;
            }
        }
        if (!outputs.hasNonNull("summary.json")) {
            return true;
        }
        Path summary = Path.of(outputs.get("summary.json").asText());
        try {
            if (!state.equals(new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile()).path("state").asText())) {
                return false;
            }
            if (outputs.hasNonNull("report.html")) {
                Path report = Path.of(outputs.get("report.html").asText());
                return Files.getLastModifiedTime(report).compareTo(Files.getLastModifiedTime(summary)) >= 0;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
