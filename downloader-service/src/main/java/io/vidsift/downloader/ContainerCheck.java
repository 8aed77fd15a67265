package io.vidsift.downloader;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Is a completed download a usable video, and how is it stored? (The fetcher has already checked that the length
 * is the one announced.) Any complete video FFmpeg can demux is accepted: MP4 in any box order, fragmented MP4,
 * MPEG-TS, MPEG-PS, and Hikvision's IMKH-prefixed PS ({@link ContainerKind}). The check, cheapest first:
 * <ol>
 *   <li>the first bytes name a video container (an HTML error page never gets further);</li>
 *   <li>MP4 only: the top-level boxes tile the file and there is a moov ({@link Mp4Check});</li>
 *   <li>FFmpeg reads every packet to the end ({@link PacketCopy}, no decoding: I/O speed);</li>
 *   <li>the last GOP decodes: from the last key frame to the end, every frame but the leading pictures an open GOP
 *       may not decode after a seek.</li>
 * </ol>
 * MP4 files are stored as received. PS, TS and IMKH files are remuxed, without re-encoding, into a faststart MP4
 * (during the read of step 3; step 4 then runs on the MP4 that will be stored). The check moves nothing: the
 * fetcher hashes the file to store, confirms its target lease and renames it into place ({@link VideoFetcher}).
 */
public final class ContainerCheck {

    /** Leading pictures (B-frames before the key frame in display order) that an open GOP cannot decode after a seek. */
    private static final int LEADING_PICTURES = 2;

    /**
     * A file that passed: {@code file} is what is to be stored (the received file itself, or its MP4 remux).
     *
     * @param container what was received ({@link ContainerKind#key()}, {@code fmp4} for fragmented MP4)
     */
    public record Checked(Path file, String container) {
    }

    /**
     * The remux could not be written or synced (full, read-only storage): the storage's fault, not the video's, so
     * the fetcher reports it as {@link FailureCause#STORAGE} (transient), never as a corrupt body.
     */
    public static final class RemuxNotWritten extends IOException {
        RemuxNotWritten(String message) {
            super(message);
        }
    }

    private ContainerCheck() {
    }

    /**
     * Checks {@code received}; a TS/PS/IMKH file is remuxed into {@code remux} (written and fsynced, nothing else
     * touched). Nothing is moved: the caller hashes {@link Checked#file()}, confirms its lease and renames it into
     * place, and deletes {@code received} and {@code remux} whatever happened.
     *
     * @throws UnusableVideo when the file is not a complete, readable video
     */
    public static Checked check(Path received, Path remux) throws IOException {
        ContainerKind kind = ContainerKind.sniff(received);
        if (!kind.remuxed()) {
            Mp4Check.Layout layout = Mp4Check.verify(received);
            PacketCopy.Result read = PacketCopy.run(received, kind, null);
            lastGopDecodes(received, read, kind);
            return new Checked(received, layout.fragmented() ? "fmp4" : kind.key());
        }
        PacketCopy.Result read = PacketCopy.run(received, kind, remux);
        lastGopDecodes(remux, read, kind);
        try (FileChannel channel = FileChannel.open(remux, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new RemuxNotWritten("cannot sync the MP4 (" + VideoFetcher.describeStorage(e) + ")");
        }
        return new Checked(remux, kind.key());
    }

    private static void lastGopDecodes(Path file, PacketCopy.Result read, ContainerKind kind) throws UnusableVideo {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        long decoded = 0;
        long corrupt = 0;
        try {
            grabber.start();
            // Lands on the key frame itself (the stored file is MP4, or was read as MP4: an index lookup).
            grabber.setTimestamp(read.lastKeyMicros(), false);
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                if (frame.opaque instanceof AVFrame picture && ((picture.flags() & 1) != 0 || picture.decode_error_flags() != 0)) {
                    corrupt++;
                } else if (frame.image != null) {
                    decoded++;
                }
            }
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new UnusableVideo("the last GOP of the " + kind.key() + " file does not decode: " + e.getMessage());
        } finally {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception ignored) {
                // The verdict is already decided.
            }
        }
        long needed = Math.max(1, read.lastGopPackets() - LEADING_PICTURES);
        if (decoded < needed || corrupt > 0) {
            throw new UnusableVideo("the last GOP of the " + kind.key() + " file does not decode: " + decoded + " of "
                    + read.lastGopPackets() + " frames" + (corrupt > 0 ? ", " + corrupt + " corrupt" : ""));
        }
    }
}
