package io.vidsift.planner;

import io.vidsift.common.config.ConfigLoader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Test wiring of the plain planner: jobs, limits and a bounded wait. */
final class Plans {

    static final IntakeLimits LIMITS = new IntakeLimits(64 * 1024, 20, 50, 20, 200_000, 1_000_000);

    private Plans() {
    }

    /** A dry-run job of {@code devices} devices x one range of {@code seconds} at {@code chunkSeconds}. */
    static byte[] job(int devices, long seconds, int chunkSeconds, String outputDir) {
        StringBuilder yaml = new StringBuilder("source: {mode: hik_cloud}\ndry_run: true\noutput: {dir: " + outputDir + "}\nhik_cloud:\n")
                .append("  chunk_seconds: ").append(chunkSeconds).append("\n  devices:\n");
        for (int i = 0; i < devices; i++) {
            yaml.append("    - {device_serial: DEV").append(i).append(", channel_no: 1}\n");
        }
        yaml.append("  time_ranges:\n    - {begin: 1770080400, end: ").append(1770080400L + seconds).append("}\n");
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    static JobIntake intake() {
        return new JobIntake(new ConfigLoader(), LIMITS);
    }

    static JobPlanner planner(Path root) {
        return new JobPlanner(new WriteRoots(root, java.util.List.of()), java.time.Clock.systemUTC());
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
