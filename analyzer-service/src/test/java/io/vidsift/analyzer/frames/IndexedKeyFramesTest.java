package io.vidsift.analyzer.frames;

import io.vidsift.analyzer.CameraFootage;
import io.vidsift.analyzer.TestVideos;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;

/** Key frames through the container's index: the same pictures as reading every packet, one packet read per key frame. */
class IndexedKeyFramesTest {

    @ParameterizedTest
    @ValueSource(strings = {"moving.mp4", "faststart.mp4", "hevc.mp4", "broken.mp4"})
    void readsOnlyTheKeyFramesYetGivesWhatReadingEveryPacketGives(String name) throws Exception {
        Path file = footage(name);
        List<Long> everyPacket = new ArrayList<>();
        List<Integer> everyPacketLuma = new ArrayList<>();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        grabber.setVideoOption("skip_loop_filter", "all");
        grabber.start();
        try {
            Frame f;
            while ((f = grabber.grabKeyFrame()) != null) {
                if (f.opaque instanceof org.bytedeco.ffmpeg.avutil.AVFrame picture) {
                    everyPacket.add(f.timestamp);
                    everyPacketLuma.add(lumaSum(picture));
                }
            }
        } finally {
            grabber.release();
        }
        List<Long> indexed = new ArrayList<>();
        List<Integer> indexedLuma = new ArrayList<>();
        int packets;
        int keys;
        try (IndexedKeyFrames reader = IndexedKeyFrames.open(file, 2)) {
            assertThat(reader).as("an MP4 with its sample tables has a complete index").isNotNull();
            IndexedKeyFrames.Picture p;
            while ((p = reader.next()) != null) {
                indexed.add(p.timestampMicros());
                indexedLuma.add(lumaSum(p.frame()));
            }
            packets = reader.packetsRead();
            assertThat(reader.skipLoopFilter()).as("deblocking skipped").isEqualTo(AVDISCARD_ALL);
            keys = reader.keyFrames();
        }

        // 60 s with a key frame every 2 s.
        assertThat(indexed).hasSize(30).isEqualTo(everyPacket);
        assertThat(indexedLuma).isEqualTo(everyPacketLuma);
        // One packet read per key frame: the 14 of 15 frames between them (and their bytes) are never read.
        assertThat(keys).isEqualTo(30);
        assertThat(packets).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fragmented.mp4", "moving.ts", "moving.ps"})
    void filesWithoutACompleteIndexAreLeftToTheFullRead(String name) {
        assertThat(IndexedKeyFrames.open(footage(name), 1)).isNull();
    }

    private static Path footage(String name) {
        return name.equals("moving.mp4") || name.equals("broken.mp4") ? TestVideos.file(name) : CameraFootage.file(name);
    }

    /** A checksum of the luma plane: equal pictures, not just equal timestamps. */
    private static int lumaSum(org.bytedeco.ffmpeg.avutil.AVFrame picture) {
        int sum = 0;
        int stride = picture.linesize(0);
        org.bytedeco.javacpp.BytePointer y = picture.data(0);
        byte[] row = new byte[picture.width()];
        for (int r = 0; r < picture.height(); r++) {
            y.position((long) r * stride).get(row);
            for (byte b : row) {
                sum = sum * 31 + b;
            }
        }
        y.position(0);
        return sum;
    }
}
