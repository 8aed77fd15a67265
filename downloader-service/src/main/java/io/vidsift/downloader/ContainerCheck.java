package io.vidsift.downloader;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
 * (during the read of step 3; step 4 then runs on the MP4 that will be stored), and the received file is deleted.
 */
public final class ContainerCheck {

    /** Leading pictures (B-frames before the key frame in display order) that an open GOP cannot decode after a seek. */
    private static final int LEADING_PICTURES = 2;

    /**
     * @param container what was received ({@link ContainerKind#key()}, {@code fmp4} for fragmented MP4)
     * @param sha256    of the stored file when it differs from the received one (remuxed), else null
     */
    public record Stored(String container, long bytes, String sha256) {
    }

    private ContainerCheck() {
    }

    /** Checks {@code received} and moves (or remuxes) it to {@code target}; on failure nothing is stored. */
    public static Stored store(Path received, Path target) throws IOException {
        ContainerKind kind = ContainerKind.sniff(received);
        if (!kind.remuxed()) {
            Mp4Check.Layout layout = Mp4Check.verify(received);
            PacketCopy.Result read = PacketCopy.run(received, kind, null);
            lastGopDecodes(received, read, kind);
            Files.move(received, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Stored(layout.fragmented() ? "fmp4" : kind.key(), Files.size(target), null);
        }
        Path mp4 = target.resolveSibling(target.getFileName() + ".remux");
        try {
            PacketCopy.Result read = PacketCopy.run(received, kind, mp4);
            lastGopDecodes(mp4, read, kind);
            try (FileChannel channel = FileChannel.open(mp4, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            String sha256 = sha256(mp4);
            Files.move(mp4, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(received);
            return new Stored(kind.key(), Files.size(target), sha256);
        } finally {
            Files.deleteIfExists(mp4);
        }
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

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
