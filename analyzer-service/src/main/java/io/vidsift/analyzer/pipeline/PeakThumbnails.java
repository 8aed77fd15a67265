package io.vidsift.analyzer.pipeline;

import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A JPEG of each active clip's peak frame, for event lists and review galleries:
 * {@code <output.dir>/analysis/<video_id>.peak<clip>.jpg}, at most {@link #WIDTH} pixels wide. Written after
 * scoring (only then is the peak known) by seeking to each peak: a key-frame lookup and at most one GOP of decoding
 * per active clip, nothing for quiet ones. A clip is active when its activity reaches {@link #ACTIVITY_FLOOR} (the
 * event detector's default threshold) or the detector counted something. When the timeline was re-anchored
 * (timestamp resets or jumps) offsets no longer map to the file's timestamps, so no thumbnails are written.
 * A thumbnail that cannot be written leaves that clip without one; it never fails the analysis.
 */
final class PeakThumbnails {

    private static final Logger LOG = Logger.getLogger(PeakThumbnails.class);

    static final double ACTIVITY_FLOOR = io.vidsift.common.events.EventDetector.DEFAULT_ACTIVITY_THRESHOLD;
    static final int WIDTH = 320;
    /** The decoded frame must be this close to the peak's offset to stand for it. */
    private static final double TOLERANCE_SECONDS = 0.5;

    private PeakThumbnails() {
    }

    static boolean active(ClipResult clip) {
        if (clip.peakOffset() == null) {
            return false;
        }
        if (clip.activity() != null && clip.activity() >= ACTIVITY_FLOOR) {
            return true;
        }
        if (clip.counts() != null) {
            for (ClassStats stats : clip.counts().values()) {
                if (stats.max() > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param relative maps a written file to the path clip rows carry (relative to the storage root)
     * @return the clips, active ones with their thumbnail (one that has a thumbnail already keeps it)
     */
    static List<ClipResult> write(Path video, List<ClipResult> clips, Path dir, String videoId, Function<Path, String> relative) {
        List<ClipResult> out = new ArrayList<>(clips);
        if (clips.stream().noneMatch(PeakThumbnails::missing)) {
            return out;
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        try (JpegFrames jpegs = new JpegFrames(WIDTH)) {
            grabber.start();
            for (int i = 0; i < out.size(); i++) {
                ClipResult clip = out.get(i);
                if (!missing(clip)) {
                    continue;
                }
                try {
                    long micros = Math.round(clip.peakOffset() * 1_000_000);
                    // Seeks to the key frame before and decodes forward to the peak (setVideoTimestamp adds the start time).
                    grabber.setVideoTimestamp(micros);
                    Frame frame = grabber.grabImage();
                    if (frame == null || !(frame.opaque instanceof AVFrame picture)
                            || Math.abs(frame.timestamp - startMicros(grabber) - micros) > TOLERANCE_SECONDS * 1_000_000) {
                        LOG.debugf("video %s: no frame at the peak of clip %d (%.2f s)", videoId, clip.index(), clip.peakOffset());
                        continue;
                    }
                    Path file = file(dir, videoId, clip.index());
                    try {
                        jpegs.write(picture, file);
                    } catch (java.io.IOException e) {
                        // Storage full or unwritable: the video waits for it rather than losing its thumbnails.
                        throw new StorageFault("video " + videoId + ": cannot write the thumbnail " + file, e);
                    }
                    out.set(i, clip.withThumbnail(relative.apply(file)));
                } catch (StorageFault e) {
                    throw e;
                } catch (Exception e) {
                    LOG.warnf("video %s: no thumbnail for clip %d: %s", videoId, clip.index(), e.getMessage());
                }
            }
        } catch (StorageFault e) {
            throw e;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.warnf("video %s: cannot open it again for thumbnails: %s", videoId, e.getMessage());
        } finally {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception ignored) {
                // Thumbnails are written or not; nothing else depends on this grabber.
            }
        }
        return out;
    }

    /** An active clip without its thumbnail yet. */
    static boolean missing(ClipResult clip) {
        return active(clip) && clip.thumbnail() == null;
    }

    /** Where the thumbnail of a video's clip goes in an {@code analysis} folder (the analysis cache copies it there too). */
    static Path file(Path dir, String videoId, int clipIndex) {
        return dir.resolve(String.format(Locale.ROOT, "%s.peak%04d.jpg", videoId, clipIndex));
    }

    private static long startMicros(FFmpegFrameGrabber grabber) {
        long start = grabber.getFormatContext().start_time();
        return start == org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE ? 0 : start;
    }
}
