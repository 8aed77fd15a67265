package io.vidsift.downloader;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;

import java.io.IOException;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/**
 * Reads every packet of a file with FFmpeg's demuxer, to the end (a container FFmpeg cannot read to the end is not
 * stored), and optionally copies the video stream, without re-encoding, into an MP4 with its index first
 * ({@code movflags=+faststart}): what browsers play and what seeks with a lookup. Audio is not kept (the analysis
 * is video-only, and G.711, the usual camera audio, has no place in MP4).
 * <p>
 * MP4 needs increasing decode timestamps; camera streams do not always have them: a packet without timestamps
 * follows the previous one by a frame, a step back of more than a second (recorder segments glued together, a clock
 * reset) shifts everything after it to continue one frame later, and smaller steps back are nudged forward.
 */
final class PacketCopy {

    /** What was read: video packets, those from the last key frame on, and where that key frame is (µs from the start). */
    record Result(long videoPackets, long lastGopPackets, long lastKeyMicros, int timestampResets) {
    }

    /** AVERROR(e) is -e: EPERM, EIO, EACCES, EFBIG, ENOSPC, EROFS, EDQUOT (Linux numbers). */
    private static final java.util.Set<Integer> STORAGE_ERRNOS = java.util.Set.of(1, 5, 13, 27, 28, 30, 122);

    private PacketCopy() {
    }

    static Result run(Path in, ContainerKind kind, Path mp4) throws IOException {
        AVFormatContext ic = new AVFormatContext(null);
        AVInputFormat format = kind.remuxed() ? av_find_input_format(kind.ffmpegFormat()) : null;
        check(avformat_open_input(ic, in.toString(), format, null), "cannot open the " + kind.key() + " container");
        AVFormatContext oc = null;
        AVPacket pkt = av_packet_alloc();
        try {
            check(avformat_find_stream_info(ic, (PointerPointer<?>) null), "cannot read the " + kind.key() + " streams");
            AVStream video = null;
            for (int i = 0; i < ic.nb_streams(); i++) {
                if (ic.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                    video = ic.streams(i);
                    break;
                }
            }
            if (video == null) {
                throw new UnusableVideo("not a video: the " + kind.key() + " container has no video stream");
            }
            AVStream out = null;
            if (mp4 != null) {
                oc = new AVFormatContext(null);
                check(avformat_alloc_output_context2(oc, null, "mp4", mp4.toString()), "cannot create the MP4");
                out = avformat_new_stream(oc, null);
                check(avcodec_parameters_copy(out.codecpar(), video.codecpar()), "cannot copy the stream parameters");
                // hvc1 (parameter sets in the sample entry) is the HEVC tag browsers accept; 0 lets the muxer pick avc1.
                out.codecpar().codec_tag(video.codecpar().codec_id() == AV_CODEC_ID_HEVC ? tag("hvc1") : 0);
                out.time_base(video.time_base());
                AVIOContext pb = new AVIOContext(null);
                checkOutput(avio_open(pb, mp4.toString(), AVIO_FLAG_WRITE), "cannot write the MP4");
                oc.pb(pb);
                AVDictionary options = new AVDictionary(null);
                av_dict_set(options, "movflags", "+faststart", 0);
                try {
                    checkOutput(avformat_write_header(oc, options), "cannot start the MP4");
                } finally {
                    av_dict_free(options);
                }
            }
            return copy(ic, video, oc, out, pkt, kind);
        } finally {
            av_packet_free(pkt);
            if (oc != null) {
                if (oc.pb() != null) {
                    avio_closep(oc.pb());
                }
                avformat_free_context(oc);
            }
            avformat_close_input(ic);
        }
    }

    private static Result copy(AVFormatContext ic, AVStream video, AVFormatContext oc, AVStream out, AVPacket pkt, ContainerKind kind)
            throws IOException {
        AVRational tb = video.time_base();
        double secondsPerTick = tb.num() / (double) tb.den();
        long frame = frameTicks(video, secondsPerTick);
        long second = Math.max(1, Math.round(1 / secondsPerTick));
        long packets = 0;
        long sinceKey = 0;
        long first = AV_NOPTS_VALUE;
        long lastKey = AV_NOPTS_VALUE;
        long lastDts = AV_NOPTS_VALUE;
        long shift = 0;
        int resets = 0;
        int ret;
        while ((ret = av_read_frame(ic, pkt)) >= 0) {
            try {
                if (pkt.stream_index() != video.index()) {
                    continue;
                }
                long dts = pkt.dts() != AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
                long pts = pkt.pts();
                if (dts == AV_NOPTS_VALUE) {
                    dts = lastDts == AV_NOPTS_VALUE ? 0 : lastDts + frame - shift;
                }
                dts += shift;
                pts = pts == AV_NOPTS_VALUE ? dts : pts + shift;
                if (lastDts != AV_NOPTS_VALUE && dts <= lastDts) {
                    long back = lastDts - dts;
                    long move = back > second ? back + frame : back + 1;
                    if (back > second) {
                        shift += move;
                        resets++;
                    }
                    dts += move;
                    pts += move;
                }
                pts = Math.max(pts, dts);
                lastDts = dts;
                if (first == AV_NOPTS_VALUE) {
                    first = pts;
                }
                packets++;
                if ((pkt.flags() & AV_PKT_FLAG_KEY) != 0) {
                    lastKey = pts;
                    sinceKey = 0;
                }
                sinceKey++;
                if (oc != null) {
                    pkt.dts(dts);
                    pkt.pts(pts);
                    pkt.stream_index(out.index());
                    pkt.pos(-1);
                    av_packet_rescale_ts(pkt, tb, out.time_base());
                    checkOutput(av_interleaved_write_frame(oc, pkt), "cannot write packet " + packets + " to the MP4");
                }
            } finally {
                av_packet_unref(pkt);
            }
        }
        if (ret != AVERROR_EOF()) {
            throw new UnusableVideo("the " + kind.key() + " container is unreadable after " + packets + " video packets ("
                    + error(ret) + ")");
        }
        if (packets == 0 || lastKey == AV_NOPTS_VALUE) {
            throw new UnusableVideo("not a video: no key frame in the " + kind.key() + " container");
        }
        if (oc != null) {
            checkOutput(av_write_trailer(oc), "cannot finish the MP4");
        }
        long keyMicros = Math.round((lastKey - first) * secondsPerTick * 1_000_000);
        return new Result(packets, sinceKey, keyMicros, resets);
    }

    /** One frame in stream ticks, from the stream's frame rate (25 fps when it has none). */
    private static long frameTicks(AVStream video, double secondsPerTick) {
        AVRational rate = video.avg_frame_rate().num() > 0 ? video.avg_frame_rate() : video.r_frame_rate();
        double fps = rate.num() > 0 && rate.den() > 0 ? rate.num() / (double) rate.den() : 25;
        if (!(fps >= 1 && fps <= 240)) {
            fps = 25;
        }
        return Math.max(1, Math.round(1 / (fps * secondsPerTick)));
    }

    private static int tag(String fourcc) {
        return fourcc.charAt(0) | fourcc.charAt(1) << 8 | fourcc.charAt(2) << 16 | fourcc.charAt(3) << 24;
    }

    private static void check(int ret, String what) throws UnusableVideo {
        if (ret < 0) {
            throw new UnusableVideo(what + " (" + error(ret) + ")");
        }
    }

    /**
     * Writing the MP4: an errno that says the storage refused (full, quota, read-only, not allowed, I/O error) is the
     * storage's fault and worth waiting out ({@link ContainerCheck.RemuxNotWritten}); any other error is the video's.
     */
    private static void checkOutput(int ret, String what) throws IOException {
        if (ret < 0 && STORAGE_ERRNOS.contains(-ret)) {
            throw new ContainerCheck.RemuxNotWritten(what + " (" + error(ret) + ")");
        }
        check(ret, what);
    }

    static String error(int code) {
        byte[] buffer = new byte[256];
        av_strerror(code, buffer, buffer.length);
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }
}
