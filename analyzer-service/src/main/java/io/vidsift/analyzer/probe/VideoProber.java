package io.vidsift.analyzer.probe;

import io.vidsift.common.messages.Probe;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;

/**
 * Reads container and stream facts with FFmpeg. Never throws for a bad file: an unreadable, truncated, empty or
 * non-video file becomes a {@link ProbeOutcome#failed failed} outcome with FFmpeg's reason.
 */
public final class VideoProber {

    /** Packets read to find the key-frame interval: enough for a few GOPs of a 25 fps camera, cheap (no decoding). */
    private static final int GOP_SCAN_PACKETS = 400;
    private static final int GOP_SCAN_KEYFRAMES = 4;

    public ProbeOutcome probe(Path file) {
        if (!Files.isRegularFile(file)) {
            return ProbeOutcome.failed("file not found: " + file.getFileName());
        }
        try {
            if (Files.size(file) == 0) {
                return ProbeOutcome.failed("empty file (0 bytes)");
            }
        } catch (IOException e) {
            return ProbeOutcome.failed("cannot read file: " + e.getMessage());
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        try {
            grabber.start();
            if (!grabber.hasVideo() || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
                return ProbeOutcome.failed("no decodable video stream (container " + grabber.getFormat() + ")");
            }
            AVFormatContext oc = grabber.getFormatContext();
            AVStream video = videoStream(oc);
            double fps = grabber.getVideoFrameRate();
            Double duration = oc.duration() > 0 && oc.duration() != AV_NOPTS_VALUE ? oc.duration() / (double) AV_TIME_BASE : null;
            Double start = oc.start_time() != AV_NOPTS_VALUE ? oc.start_time() / (double) AV_TIME_BASE : null;
            Long bitrate = oc.bit_rate() > 0 ? oc.bit_rate() : null;
            Long frames = video != null && video.nb_frames() > 0 ? Long.valueOf(video.nb_frames())
                    : duration != null && fps > 0 ? Math.round(duration * fps) : null;
            String codec = grabber.getVideoCodecName();
            if (codec == null || codec.isBlank()) {
                codec = avcodec_get_name(grabber.getVideoCodec()).getString();
            }
            Probe probe = new Probe(grabber.getFormat(), codec, grabber.getImageWidth(), grabber.getImageHeight(),
                    fps > 0 ? fps : null, duration, start, bitrate, frames);
            Double gop = video == null ? null : gopSeconds(grabber, video);
            return new ProbeOutcome(probe, gop, null);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            return ProbeOutcome.failed(reason(e));
        } finally {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception ignored) {
                // Nothing more to free: the outcome is already decided.
            }
        }
    }

    private static AVStream videoStream(AVFormatContext oc) {
        for (int i = 0; i < oc.nb_streams(); i++) {
            AVStream s = oc.streams(i);
            if (s.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                return s;
            }
        }
        return null;
    }

    /** Mean distance between the first key frames, from packet flags only; null if fewer than two were seen. */
    private static Double gopSeconds(FFmpegFrameGrabber grabber, AVStream video) throws FrameGrabber.Exception {
        double timeBase = video.time_base().num() / (double) video.time_base().den();
        long first = AV_NOPTS_VALUE;
        long last = AV_NOPTS_VALUE;
        int keys = 0;
        for (int i = 0; i < GOP_SCAN_PACKETS && keys < GOP_SCAN_KEYFRAMES; i++) {
            AVPacket pkt = grabber.grabPacket();
            if (pkt == null) {
                break;
            }
            try {
                if (pkt.stream_index() == video.index() && (pkt.flags() & AV_PKT_FLAG_KEY) != 0) {
                    long ts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                    if (ts != AV_NOPTS_VALUE) {
                        if (keys == 0) {
                            first = ts;
                        }
                        last = ts;
                        keys++;
                    }
                }
            } finally {
                av_packet_unref(pkt);
            }
        }
        if (keys < 2 || last <= first) {
            return null;
        }
        return (last - first) * timeBase / (keys - 1);
    }

    static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // JavaCV appends the full file path; messages must carry relative paths only.
        int at = message.indexOf(": Could not open input");
        if (at > 0) {
            message = message.substring(0, at) + ": could not open input";
        }
        message = message.replaceAll("\"[^\"]*\"", "").replaceAll("\\s+", " ").trim();
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("error (-\\d+)").matcher(message);
        if (code.find()) {
            message = message + " (" + ffmpegError(Integer.parseInt(code.group(1))) + ")";
        }
        return message;
    }

    /** FFmpeg's own words for an error code, e.g. "Invalid data found when processing input". */
    static String ffmpegError(int code) {
        byte[] buffer = new byte[256];
        org.bytedeco.ffmpeg.global.avutil.av_strerror(code, buffer, buffer.length);
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }
}
