package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Polls the aggregator until a job is complete, drawing a one-line progress bar with rate and ETA: redrawn in
 * place on a terminal, a new line per change of the counts otherwise (logs and CI stay readable).
 */
final class JobWatch {

    static final Set<String> TERMINAL = Set.of("completed", "completed_with_failures");
    static final java.util.List<String> FAILED = java.util.List.of("address_failed", "download_failed", "probe_failed",
            "decode_failed", "inference_failed");
    private static final int WIDTH = 30;

    private final JobClient client;
    private final PrintWriter out;
    private final boolean terminal;

    JobWatch(JobClient client, PrintWriter out, boolean terminal) {
        this.client = client;
        this.out = out;
        this.terminal = terminal;
    }

    /** The final status, or empty when {@code timeout} passed first. */
    Optional<JsonNode> await(Endpoint aggregator, String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ProgressRate rate = new ProgressRate();
        String last = "";
        String drawn = "";
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> status = client.status(aggregator, jobId);
            if (status.isPresent()) {
                rate.observe(System.nanoTime(), status.get());
                String line = line(status.get());
                String withRate = line + " " + rate.describe();
                if (terminal ? !withRate.equals(drawn) : !line.equals(last)) {
                    out.print(terminal ? "\r" + withRate + "   " : withRate + System.lineSeparator());
                    out.flush();
                    last = line;
                    drawn = withRate;
                }
                if (TERMINAL.contains(status.get().path("state").asText())) {
                    if (terminal) {
                        out.println();
                    }
                    return status;
                }
            }
            sleep();
        }
        if (terminal) {
            out.println();
        }
        return Optional.empty();
    }

    static String line(JsonNode status) {
        double progress = Math.max(0, Math.min(1, status.path("progress").asDouble(0)));
        int filled = (int) Math.round(progress * WIDTH);
        StringBuilder line = new StringBuilder("[").append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                .append(String.format("%3d%% ", Math.round(progress * 100))).append(status.path("state").asText("?"));
        JsonNode counts = status.path("counts");
        line.append(" planned=").append(counts.path("chunks_planned").asLong() + counts.path("files_planned").asLong());
        for (String key : new String[]{"downloaded", "no_recording", "analyzed"}) {
            line.append(' ').append(key).append('=').append(counts.path(key).asLong());
        }
        line.append(" failed=").append(failed(status));
        return line.toString();
    }

    static long failed(JsonNode status) {
        return FAILED.stream().mapToLong(key -> status.path("counts").path(key).asLong()).sum();
    }

    /** 0 completed, 1 completed with failures, as the job's own outcome. */
    static int exitCode(JsonNode status) {
        return "completed".equals(status.path("state").asText()) ? ExitCode.COMPLETED : ExitCode.COMPLETED_WITH_FAILURES;
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
