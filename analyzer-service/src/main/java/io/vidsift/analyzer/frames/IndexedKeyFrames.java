package io.vidsift.analyzer.frames;

import io.vidsift.analyzer.probe.VideoProber;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entries_count;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

/**
 * Key frames read through the container's index instead of by reading the whole file: where the demuxer holds a
 * complete index with key-frame flags (MP4 and MOV with the usual sample tables), the reader seeks to each key frame
 * in turn and reads that one packet, so the 49 of 50 packets between them (and ~98 % of the file's bytes) are never
 * read. The decoder sees the same packets, in the same order, as when every packet is read and the non-key ones are
 * dropped (JavaCV's {@code grabKeyFrame}), so the pictures are the same. Files without such an index (MPEG-PS/TS,
 * fragmented MP4, Matroska) are not opened here: {@link #open} answers null and the caller reads them in full.
 * <p>
 * Timestamps are the decoder's best-effort timestamp in microseconds of the stream's clock, computed as JavaCV does.
 * Not thread-safe; one reader per decode.
 */
final class IndexedKeyFrames implements AutoCloseable {

    /** FFmpeg's AVINDEX_KEYFRAME (libavformat/avformat.h), not exposed as a constant by the JavaCPP presets. */
    private static final int AVINDEX_KEYFRAME = 1;
    /** Packets read after a seek to reach the key frame; more means the index does not describe the file. */
    private static final int MAX_PACKETS_PER_KEY = 4096;

    /** One decoded key frame: the decoder's picture (valid until the next call) and its timestamp in microseconds. */
    record Picture(AVFrame frame, long timestampMicros) {
    }

    private final AVFormatContext format;
    private final AVStream stream;
    private final long[] keys;
    private final AVCodecContext codec;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();
    private int next;
    private boolean drained;
    private int packetsRead;

    private IndexedKeyFrames(AVFormatContext format, AVStream stream, long[] keys, AVCodecContext codec) {
        this.format = format;
        this.stream = stream;
        this.keys = keys;
        this.codec = codec;
    }

    /**
     * Opens the file's video stream for key-frame reading if its index lists every frame (so no key frame is
     * missing from it), or answers null: the caller then reads the file in full.
     *
     * @param threads decoder threads (0: FFmpeg's choice)
     * @throws IllegalStateException when the index is usable but the decoder cannot be opened (FFmpeg's error code)
     */
    static IndexedKeyFrames open(Path file, int threads) {
        AVFormatContext format = new AVFormatContext(null);
        if (avformat_open_input(format, file.toString(), null, null) < 0) {
            return null;
        }
        AVCodecContext codec = null;
        try {
            // As the probe and JavaCV do: fills in what the container header leaves open (e.g. H.264's reorder
            // depth); without it the decoder learns the depth on the fly and mistimes the first key frames.
            check(avformat_find_stream_info(format, (AVDictionary) null), "reading the stream parameters");
            AVStream stream = VideoProber.videoStream(format);
            long[] keys = stream == null ? null : keyTimestamps(stream);
            if (keys == null) {
                avformat_close_input(format);
                return null;
            }
            AVCodec decoder = avcodec_find_decoder(stream.codecpar().codec_id());
            if (decoder == null) {
                avformat_close_input(format);
                return null;
            }
            codec = avcodec_alloc_context3(decoder);
            check(avcodec_parameters_to_context(codec, stream.codecpar()), "copying the stream's codec parameters");
            codec.pkt_timebase(stream.time_base());
            AVDictionary options = new AVDictionary(null);
            try {
                if (threads > 0) {
                    av_dict_set(options, "threads", Integer.toString(threads), 0);
                }
                // As in FrameSampler's grabber path: key frames reference nothing, so deblocking them changes only
                // the picture itself, which the models see scaled down to a fraction of its size.
                av_dict_set(options, "skip_loop_filter", "all", 0);
                check(avcodec_open2(codec, decoder, options), "opening the decoder");
            } finally {
                av_dict_free(options);
            }
            return new IndexedKeyFrames(format, stream, keys, codec);
        } catch (RuntimeException e) {
            if (codec != null) {
                avcodec_free_context(codec);
            }
            avformat_close_input(format);
            throw e;
        }
    }

    /**
     * The key frames' index timestamps in order, or null when the index does not cover every frame the stream
     * announces (an index built while reading, as for fragmented MP4, would hide key frames not yet reached).
     */
    static long[] keyTimestamps(AVStream stream) {
        int entries = avformat_index_get_entries_count(stream);
        long frames = stream.nb_frames();
        if (frames <= 0 || entries < frames) {
            return null;
        }
        long[] keys = new long[entries];
        int n = 0;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < entries; i++) {
            AVIndexEntry e = avformat_index_get_entry(stream, i);
            if (e != null && (e.flags() & AVINDEX_KEYFRAME) != 0) {
                if (e.timestamp() <= last) {
                    return null; // not in timestamp order: seeking by timestamp would not visit each once
                }
                last = e.timestamp();
                keys[n++] = last;
            }
        }
        return n < 2 ? null : java.util.Arrays.copyOf(keys, n);
    }

    /** The decoder's AVDiscard level for the deblocking filter (AVDISCARD_ALL: never run on these intra frames). */
    int skipLoopFilter() {
        return codec.skip_loop_filter();
    }

    /** Key frames the index lists (the most pictures {@link #next} can give). */
    int keyFrames() {
        return keys.length;
    }

    /** Packets read from the file so far (all streams): one per key frame when the seeks land where aimed. */
    int packetsRead() {
        return packetsRead;
    }

    /** The next decoded key frame, or null after the last one. @throws IllegalStateException when the file cannot be read */
    Picture next() {
        while (true) {
            int ret = avcodec_receive_frame(codec, frame);
            if (ret >= 0 && frame.pict_type() != AV_PICTURE_TYPE_I) {
                continue; // as grabKeyFrame: a key packet that decodes to anything but an intra picture is not taken
            }
            if (ret >= 0) {
                long pts = frame.best_effort_timestamp();
                // JavaCV's arithmetic (FFmpegFrameGrabber), so both paths give the same offsets to the microsecond.
                long micros = pts == AV_NOPTS_VALUE ? AV_NOPTS_VALUE
                        : 1_000_000L * pts * stream.time_base().num() / stream.time_base().den();
                return new Picture(frame, micros);
            }
            if (ret == AVERROR_EOF()) {
                return null;
            }
            // EAGAIN: the decoder wants the next packet. Any other error lost this one picture: decode on, as
            // grabKeyFrame does (pictures the decoder concealed come out flagged and the sampler counts them).
            if (drained) {
                return null;
            }
            if (next < keys.length) {
                sendKey(next++);
            } else {
                drained = true;
                check(avcodec_send_packet(codec, null), "flushing the decoder");
            }
        }
    }

    /**
     * Positions the demuxer on key frame {@code k} and sends its packet. MP4's seek goes by presentation time, which
     * the index does not hold (its timestamps are decode times): aiming just before the next key frame's decode time
     * lands on key frame k whenever its reordering delay is shorter than the GOP. The packet read is checked against
     * the index; where the seek lands earlier, the packets up to the key frame are read and dropped (slower, same
     * result).
     */
    private void sendKey(int k) {
        long target = keys[k];
        long aim = k + 1 < keys.length ? keys[k + 1] - 1 : target + (k > 0 ? target - keys[k - 1] : 1) - 1;
        check(av_seek_frame(format, stream.index(), aim, AVSEEK_FLAG_BACKWARD), "seeking to a key frame");
        for (int i = 0; i < MAX_PACKETS_PER_KEY; i++) {
            int ret = av_read_frame(format, packet);
            if (ret == AVERROR_EOF()) {
                return; // the index promised more than the file holds (truncated): the decoder is flushed next
            }
            check(ret, "reading a key frame");
            packetsRead++;
            try {
                if (packet.stream_index() != stream.index() || packet.dts() < target) {
                    continue;
                }
                if (packet.dts() > target) {
                    throw new IllegalStateException("seeking to the key frame at " + target + " landed after it (" + packet.dts() + ")");
                }
                // A packet the decoder refuses yields no picture; the next key frame does not depend on it.
                avcodec_send_packet(codec, packet);
                return;
            } finally {
                av_packet_unref(packet);
            }
        }
        throw new IllegalStateException("no key frame within " + MAX_PACKETS_PER_KEY + " packets of where the index puts it");
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + " failed (FFmpeg error " + ret + ")");
        }
    }

    @Override
    public void close() {
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(codec);
        avformat_close_input(format);
    }
}
