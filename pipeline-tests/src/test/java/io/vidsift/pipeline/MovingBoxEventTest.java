package io.vidsift.pipeline;

import io.vidsift.aggregator.HeadlessChromium;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.aggregator.output.OutputFile;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.events.EventDetector;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.downloader.ChunkOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A still scene with sensor noise where a box moves for six seconds (12 s to 18 s of 30 s), made by Debian's ffmpeg,
 * downloaded through the simulator, analysed by the real analyzer (activity model) and folded by the aggregator's
 * file code: exactly one event, covering the box's seconds, with a peak-frame thumbnail that shows the box, in the
 * report's gallery; headless Chromium renders the gallery with the image decoded, and the screenshot is kept under
 * target/report-screenshots/moving-box/ for a person to look at.
 */
class MovingBoxEventTest {

    private static final String JOB = "job-moving-box";
    private static final String CAMERA = "CAM_GATE";
    private static final int SECONDS = 30;
    private static final int MOVE_FROM = 12;
    private static final int MOVE_TO = 18;
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final Path REPORT_DIR = Path.of("target/report-screenshots/moving-box");

    @TempDir
    Path storage;

    @Test
    void aMovingBoxIsOneEventWithAThumbnailShownInTheReport() throws Exception {
        DebianFootage.assumeInstalled();
        List<String> args = new java.util.ArrayList<>(DebianFootage.scene(WIDTH, HEIGHT, SECONDS,
                "if(lt(t," + MOVE_FROM + "),20,if(lt(t," + MOVE_TO + "),20+(t-" + MOVE_FROM + ")*40,260))"));
        args.addAll(DebianFootage.codec(false, false));
        args.addAll(List.of("-movflags", "+faststart", "-f", "mp4"));
        Path video = DebianFootage.make("moving-box.mp4", args);
        AnalysisConfig analysis = new AnalysisConfig(1.0, "exact", 5, "cpu", "none", 0, 3600, false,
                AnalysisConfig.defaults().model(), List.of());
        Path dir = Files.createDirectories(REPORT_DIR.toAbsolutePath());

        try (Pipeline pipeline = new Pipeline(JOB, storage, Map.of(CAMERA, video))) {
            ChunkRequested chunk = pipeline.chunk(CAMERA, SECONDS, analysis);
            ChunkOutcome downloaded = pipeline.download(chunk);
            assertThat(downloaded.record().status()).as(downloaded.record().lastError()).isEqualTo(DownloadStatus.DOWNLOADED);
            VideoAnalyzed analyzed = pipeline.analyze(downloaded);
            assertThat(analyzed.status()).as(analyzed.error()).isEqualTo(AnalysisStatus.ANALYZED);

            pipeline.writeJobFiles(List.of(AggregatorEvent.of(pipeline.plan(List.of(CAMERA), SECONDS, analysis)),
                    AggregatorEvent.of(downloaded.record()), AggregatorEvent.of(analyzed)), dir);
        }

        List<String> rows = Files.readAllLines(dir.resolve(OutputFile.EVENTS.fileName()));
        assertThat(rows).as("events.jsonl").hasSize(1);
        EventDetector.Event event = new MessageCodec().read(rows.get(0), EventDetector.Event.class);
        long begin = (Pipeline.BEGIN + 600) * 1000;
        assertThat(event.deviceSerial()).isEqualTo(CAMERA);
        assertThat(event.wallClock()).isTrue();
        assertThat(event.startMs()).as("starts by the box's first move").isLessThanOrEqualTo(begin + MOVE_FROM * 1000L)
                .as("the still seconds before it are quiet").isGreaterThanOrEqualTo(begin + (MOVE_FROM - 5) * 1000L);
        assertThat(event.endMs()).as("ends after the box's last move").isGreaterThanOrEqualTo(begin + MOVE_TO * 1000L)
                .as("the still seconds after it are quiet").isLessThanOrEqualTo(begin + (MOVE_TO + 5) * 1000L);
        assertThat(event.peakMs()).isBetween(begin + MOVE_FROM * 1000L, begin + (MOVE_TO + 1) * 1000L);

        assertThat(event.thumbnail()).as("the peak frame's thumbnail").isNotNull();
        Path thumbnail = storage.resolve(event.thumbnail());
        byte[] jpeg = Files.readAllBytes(thumbnail);
        assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8).endsWith((byte) 0xFF, (byte) 0xD9);
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(picture).as("a JPEG ImageIO decodes").isNotNull();
        assertThat(picture.getWidth()).isEqualTo(WIDTH);
        assertThat(picture.getHeight()).isEqualTo(HEIGHT);
        assertThat(yellowPixels(picture)).as("the box is in the peak frame").isGreaterThan(WIDTH / 8 * HEIGHT / 3 / 2);

        // The gallery inlines the thumbnail (the report is one self-contained file): the very bytes on storage.
        String html = Files.readString(dir.resolve(OutputFile.REPORT.fileName()));
        Matcher img = Pattern.compile("<figure class=\"event\"[^>]*>.*?<img alt=\"peak frame\" src=\"data:image/jpeg;base64,([A-Za-z0-9+/=]+)\">")
                .matcher(html);
        assertThat(img.find()).as("an <img> in the gallery").isTrue();
        assertThat(Base64.getDecoder().decode(img.group(1))).isEqualTo(jpeg);
        assertThat(img.find()).as("a second gallery image").isFalse();
        assertThat(html).contains("<h2 id=\"events\">Events</h2>", "href=\"#camera-" + CAMERA + "-ch1\"");

        assumeTrue(Files.isExecutable(HeadlessChromium.CHROMIUM),
                "headless Chromium part skipped: /usr/bin/chromium is not installed");
        // The report has no script; a copy with one that reads back what Chromium decoded for each gallery image.
        Path probe = dir.resolve("report-probe.html");
        Files.writeString(probe, html.replace("</body>", """
                <script>window.addEventListener('load', () => {
                  const out = document.createElement('pre');
                  out.id = 'image-probe';
                  out.textContent = Array.from(document.querySelectorAll('.gallery img'))
                      .map(i => i.complete + ':' + i.naturalWidth + 'x' + i.naturalHeight).join(' ');
                  document.body.appendChild(out);
                });</script>
                </body>"""));
        String dom = HeadlessChromium.run(dir, "--dump-dom", probe.toUri().toString());
        Matcher decoded = Pattern.compile("<pre id=\"image-probe\">([^<]*)</pre>").matcher(dom);
        assertThat(decoded.find()).as("the probe ran in Chromium").isTrue();
        assertThat(decoded.group(1)).as("gallery images as Chromium decoded them").isEqualTo("true:" + WIDTH + "x" + HEIGHT);

        Path png = dir.resolve("report.png");
        HeadlessChromium.run(dir, "--screenshot=" + png, "--window-size=1200,1600", dir.resolve("report.html").toUri().toString());
        assertThat(png).isNotEmptyFile();
    }

    /** Pixels of the box's yellow (0xf0d020), allowing for JPEG and YUV rounding. */
    private static int yellowPixels(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (r > 190 && g > 160 && b < 100) {
                    count++;
                }
            }
        }
        return count;
    }
}
