package io.vidsift.aggregator.output;

import io.vidsift.aggregator.Fixture;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.HeadlessChromium;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens report.html in headless Chromium (Debian's package): the DOM Chromium builds must hold the charts' SVG
 * marks, and the screenshot is kept under target/report-screenshots/ for a person to look at. Skipped, visibly,
 * where /usr/bin/chromium is not installed (CI installs it: apt-get install -y chromium).
 */
class ReportChromiumTest {

    private static final Path SHOTS = Path.of("target/report-screenshots");

    @ParameterizedTest
    @ValueSource(strings = {"job-fx-cloud", "job-fx-local"})
    void chromiumRendersTheCharts(String jobId) throws Exception {
        assumeTrue(Files.isExecutable(HeadlessChromium.CHROMIUM), "headless Chromium test skipped: /usr/bin/chromium is not installed");
        Path dir = SHOTS.resolve(jobId).toAbsolutePath();
        Folded.of(Fixture.load(jobId).events()).write(jobId, dir);
        String url = dir.resolve("report.html").toUri().toString();
        String html = Files.readString(dir.resolve("report.html"));

        String dom = HeadlessChromium.run(dir, "--dump-dom", url);
        boolean cloud = jobId.equals("job-fx-cloud");
        // cloud: a chart per camera and one for the whole job; local: one chart of a bar per video.
        assertThat(count(dom, "<svg class=\"timeline")).as("timeline charts in the rendered DOM").isEqualTo(cloud ? 3 : 1);
        String marks = "<rect class=\"(downloaded|analyzed|activity|count)";
        assertThat(count(html, marks)).isPositive();
        assertThat(count(dom, marks)).as("chart marks in the rendered DOM").isEqualTo(count(html, marks));

        Path png = dir.resolve("report.png");
        HeadlessChromium.run(dir, "--screenshot=" + png, "--window-size=1200,1500", url);
        assertThat(png).exists();
        assertThat(pngSize(png)).containsExactly(1200, 1500);
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    /** Width and height from the PNG's IHDR chunk. */
    private static int[] pngSize(Path png) throws IOException {
        try (InputStream in = Files.newInputStream(png); DataInputStream data = new DataInputStream(in)) {
            byte[] signature = data.readNBytes(8);
            assertThat(signature).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            data.readInt();
            assertThat(new String(data.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("IHDR");
            return new int[]{data.readInt(), data.readInt()};
        }
    }
}
