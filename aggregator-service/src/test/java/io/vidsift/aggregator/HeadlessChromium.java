package io.vidsift.aggregator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium, headless, offline, with a fresh profile per run: renders report.html for the report tests here
 * and in pipeline-tests (this module's test-jar).
 */
public final class HeadlessChromium {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    /** Runs Chromium with {@code args} in {@code dir}; returns what it printed (the DOM, for --dump-dom). */
    public static String run(Path dir, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("vidsift-chromium-");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path stdout = dir.resolve("chromium.out");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(dir.resolve("chromium.err").toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + command);
        }
        assertThat(process.exitValue()).as("chromium exit status, see " + dir.resolve("chromium.err")).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
