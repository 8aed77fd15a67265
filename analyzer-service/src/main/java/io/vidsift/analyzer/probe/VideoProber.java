package io.vidsift.analyzer.probe;

import io.vidsift.common.messages.Probe;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
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
        // FFmpeg's own calls rather than JavaCV's grabber: the grabber's first use also loads libavdevice (and what it
        // links), libswresample and the network layer, none of which a probe or a key-frame decode needs.
        AVFormatContext oc = new AVFormatContext(null);
        int ret = avformat_open_input(oc, file.toString(), null, null);
        if (ret < 0) {
            return ProbeOutcome.failed("avformat_open_input() error " + ret + ": could not open input (" + ffmpegError(ret) + ")");
        }
        try {
            ret = avformat_find_stream_info(oc, (PointerPointer<?>) null);
            if (ret < 0) {
                return ProbeOutcome.failed("avformat_find_stream_info() error " + ret + ": could not find stream information ("
                        + ffmpegError(ret) + ")");
            }
            AVStream video = videoStream(oc);
            AVCodec decoder = video == null ? null : avcodec_find_decoder(video.codecpar().codec_id());
            if (video == null || decoder == null || video.codecpar().width() <= 0 || video.codecpar().height() <= 0) {
                return ProbeOutcome.failed("no decodable video stream (container " + oc.iformat().name().getString() + ")");
            }
            double fps = frameRate(video);
            Double duration = oc.duration() > 0 && oc.duration() != AV_NOPTS_VALUE ? oc.duration() / (double) AV_TIME_BASE : null;
            Double start = oc.start_time() != AV_NOPTS_VALUE ? oc.start_time() / (double) AV_TIME_BASE : null;
            Long bitrate = oc.bit_rate() > 0 ? oc.bit_rate() : null;
            Long frames = video.nb_frames() > 0 ? Long.valueOf(video.nb_frames())
                    : duration != null && fps > 0 ? Math.round(duration * fps) : null;
            String codec = decoder.name().getString();
            if (codec == null || codec.isBlank()) {
                codec = avcodec_get_name(video.codecpar().codec_id()).getString();
            }
            Probe probe = new Probe(oc.iformat().name().getString(), codec, video.codecpar().width(), video.codecpar().height(),
                    fps > 0 ? fps : null, duration, start, bitrate, frames);
            return new ProbeOutcome(probe, gopSeconds(oc, video), null);
        } catch (RuntimeException e) {
            return ProbeOutcome.failed(reason(e));
        } finally {
            avformat_close_input(oc);
        }
    }

    /** The stream's average frame rate, else its base rate (as JavaCV's grabber answers); 0 when neither is known. */
    private static double frameRate(AVStream video) {
        AVRational r = video.avg_frame_rate();
        if (r.num() == 0 && r.den() == 0) {
            r = video.r_frame_rate();
        }
        return r.den() == 0 ? 0 : (double) r.num() / r.den();
    }

    /** The file's first video stream (the one the probe describes and the sampler decodes), or null. */
    public static AVStream videoStream(AVFormatContext oc) {
        for (int i = 0; i < oc.nb_streams(); i++) {
            AVStream s = oc.streams(i);
            if (s.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                return s;
            }
        }
        return null;
    }

    /** Mean distance between the first key frames, from packet flags only; null if fewer than two were seen. */
    private static Double gopSeconds(AVFormatContext oc, AVStream video) {
        double timeBase = video.time_base().num() / (double) video.time_base().den();
        AVPacket pkt = av_packet_alloc();
        try {
            return gopSeconds(oc, video, pkt, timeBase);
        } finally {
            av_packet_free(pkt);
        }
    }

    private static Double gopSeconds(AVFormatContext oc, AVStream video, AVPacket pkt, double timeBase) {
        long first = AV_NOPTS_VALUE;
        long last = AV_NOPTS_VALUE;
        int keys = 0;
        for (int i = 0; i < GOP_SCAN_PACKETS && keys < GOP_SCAN_KEYFRAMES; i++) {
            if (av_read_frame(oc, pkt) < 0) {
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
