package io.vidsift.analyzer.frames;

import io.vidsift.analyzer.TestVideos;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

/**
 * When exact sampling may skip reference B-frames too, on footage where that is safe and where it is not (P-frames
 * predicting from them), and that the samples are then the very pictures a full decode gives at those timestamps.
 */
class BidirCheckTest {

    private static final int FPS = 15;
    private static final int SECONDS = 10;

    @TempDir
    static Path dir;
    /** x264 with B-pyramid and one reference frame: the pyramid's reference B-frames serve only the B-frame next to them. */
    private static Path pyramid;
    /** Three reference frames: P-frames may predict from the reference B-frames before them. */
    private static Path referencedB;
    /** No B-frames at all. */
    private static Path noB;

    @BeforeAll
    static void footage() throws Exception {
        pyramid = write("pyramid.mp4", 2, 1);
        referencedB = write("referenced-b.mp4", 2, 3);
        noB = write("no-b.mp4", 0, 1);
    }

    @Test
    void bFramesAreSkippedWhereNoOtherFramePredictsFromThem() throws Exception {
        BidirCheck.Verdict verdict = BidirCheck.check(pyramid, plan());

        assertThat(verdict.skipBidir()).as(verdict.reason()).isTrue();
        // Two B-frames at most between P-frames: decoded frames are at most three source frames apart.
        assertThat(verdict.spacingSeconds()).isLessThanOrEqualTo(3.0 / FPS + 1e-6);
    }

    @Test
    void bFramesThatPFramesPredictFromAreKept() throws Exception {
        BidirCheck.Verdict verdict = BidirCheck.check(referencedB, plan());

        assertThat(verdict.skipBidir()).isFalse();
        assertThat(verdict.reason()).contains("predicts from a reference B-frame");
    }

    @Test
    void withoutReferenceBFramesThereIsNothingToSkip() throws Exception {
        BidirCheck.Verdict verdict = BidirCheck.check(noB, plan());

        assertThat(verdict.skipBidir()).isFalse();
        assertThat(verdict.reason()).contains("no reference B-frame");
    }

    @Test
    void samplesAreTheFullDecodesPicturesAtTheirTimestampsEitherWay() throws Exception {
        for (Path file : new Path[] {pyramid, referencedB}) {
            Map<Long, Long> full = lumaByPts(file);
            Map<Long, Long> sampled = new HashMap<>();
            Map<Integer, Double> offsets = new HashMap<>();

            SamplingReport report = new FrameSampler().sampleSegments(file, plan().withSegments(2), segment -> frame -> {
                synchronized (sampled) {
                    sampled.put(frame.picture().best_effort_timestamp(), luma(frame.picture()));
                    if (frame.index() != SampledFrame.PREDECESSOR) {
                        offsets.put(segment * 1000 + frame.index(), frame.offsetSeconds());
                    }
                }
            });

            assertThat(report.frameSkip()).as(file.getFileName().toString()).isEqualTo(file == pyramid ? "bidir" : "noref");
            assertThat(report.sampled()).isEqualTo(SECONDS);
            assertThat(sampled).isNotEmpty();
            sampled.forEach((pts, hash) -> assertThat(hash).as("%s pts %d", file.getFileName(), pts).isEqualTo(full.get(pts)));
            // Each sample at or just after its slot: within the decoded frames' spacing, far inside half an interval.
            assertThat(offsets.values()).allSatisfy(o -> assertThat(o - Math.floor(o + 1e-6)).isLessThanOrEqualTo(3.0 / FPS + 1e-6));
        }
    }

    private static SamplingPlan plan() {
        return new SamplingPlan(SamplingMode.EXACT, 1.0, SECONDS, SamplingPlan.cap(SECONDS, 1.0), 0, (double) FPS, 2.0, 1, null, 1);
    }

    /** Frames a full decode of {@code file} gives that are not B-frames. */
    static int framesOtherThanB(Path file) throws FrameGrabber.Exception {
        int n = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setImageMode(FrameGrabber.ImageMode.RAW);
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                n += frame.pictType == 'B' ? 0 : 1;
            }
        }
        return n;
    }

    private static Map<Long, Long> lumaByPts(Path file) throws FrameGrabber.Exception {
        Map<Long, Long> hashes = new HashMap<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setImageMode(FrameGrabber.ImageMode.RAW);
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                AVFrame picture = (AVFrame) frame.opaque;
                hashes.put(picture.best_effort_timestamp(), luma(picture));
            }
        }
        return hashes;
    }

    private static long luma(AVFrame picture) {
        CRC32 crc = new CRC32();
        byte[] row = new byte[picture.width()];
        for (int y = 0; y < picture.height(); y++) {
            picture.data(0).position((long) y * picture.linesize(0)).get(row);
            crc.update(row);
        }
        picture.data(0).position(0);
        return crc.getValue();
    }

    /** A moving, noisy texture, so motion search has every reason to use whatever reference frames it may. */
    private static Path write(String name, int bFrames, int refs) throws Exception {
        Path file = dir.resolve(name);
        int w = TestVideos.WIDTH;
        int h = TestVideos.HEIGHT;
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(AV_CODEC_ID_H264);
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(FPS);
            recorder.setGopSize(2 * FPS);
            recorder.setVideoQuality(23);
            recorder.setVideoOption("preset", "veryfast");
            recorder.setVideoOption("bf", Integer.toString(bFrames));
            recorder.setVideoOption("refs", Integer.toString(refs));
            recorder.setVideoOption("sc_threshold", "0");
            recorder.start();
            Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            Random noise = new Random(7);
            for (int i = 0; i < SECONDS * FPS; i++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int v = ((x + 2 * i) / 6 + y / 9) % 2 == 0 ? 60 : 150;
                        v += noise.nextInt(9) - 4;
                        int p = y * frame.imageStride + x * 3;
                        pixels.put(p, (byte) v).put(p + 1, (byte) (v / 2 + 40)).put(p + 2, (byte) (200 - v));
                    }
                }
                recorder.setTimestamp(Math.round(i * 1_000_000.0 / FPS));
                recorder.record(frame);
            }
            recorder.stop();
        }
        return file;
    }
}
