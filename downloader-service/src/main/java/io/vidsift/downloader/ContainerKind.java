package io.vidsift.downloader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * What a downloaded file is, told from its first bytes (a few hundred are read): MP4 (any top-level box first),
 * MPEG-TS (0x47 sync bytes every 188), MPEG-PS (a pack header) or Hikvision's {@code IMKH} file header followed by
 * an MPEG-PS stream. Anything else (an HTML error page, a JSON body, garbage) is not a video.
 */
public enum ContainerKind {
    MP4("mp4", "mp4", false),
    MPEG_TS("mpeg-ts", "mpegts", true),
    MPEG_PS("mpeg-ps", "mpeg", true),
    IMKH_PS("imkh-ps", "mpeg", true);

    /** Hikvision's header in front of the PS stream: "IMKH" and 36 bytes of stream facts. */
    public static final int IMKH_HEADER_BYTES = 40;
    private static final int TS_PACKET = 188;
    private static final Set<String> MP4_BOXES = Set.of("ftyp", "styp", "moov", "mdat", "free", "skip", "wide", "pdin",
            "sidx", "moof", "meta", "uuid", "mfra", "prft", "emsg");

    private final String key;
    private final String ffmpegFormat;
    private final boolean remuxed;

    ContainerKind(String key, String ffmpegFormat, boolean remuxed) {
        this.key = key;
        this.ffmpegFormat = ffmpegFormat;
        this.remuxed = remuxed;
    }

    /** As recorded in the manifest ({@code container}). */
    public String key() {
        return key;
    }

    /** FFmpeg's demuxer name, given explicitly so an IMKH header cannot make probing guess. */
    public String ffmpegFormat() {
        return ffmpegFormat;
    }

    /** Stored as a faststart MP4 instead of as received: no index to seek with, browsers do not play it. */
    public boolean remuxed() {
        return remuxed;
    }

    public static ContainerKind sniff(Path file) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(3 * TS_PACKET + 1);
        long size;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            size = channel.size();
            while (head.hasRemaining() && channel.read(head) > 0) {
                // read what there is, up to the buffer's size
            }
        }
        int n = head.position();
        byte[] b = head.array();
        if (n == 0) {
            throw new UnusableVideo("not a video: empty file");
        }
        if (n >= 4 && ascii(b, 0).equals("IMKH")) {
            if (n < IMKH_HEADER_BYTES + 4 || !packHeader(b, IMKH_HEADER_BYTES)) {
                throw new UnusableVideo("not a video: an IMKH header without an MPEG-PS stream after it");
            }
            return IMKH_PS;
        }
        if (n >= 4 && packHeader(b, 0)) {
            return MPEG_PS;
        }
        if (b[0] == 0x47 && (size < TS_PACKET + 1 || n > TS_PACKET && b[TS_PACKET] == 0x47)
                && (n <= 2 * TS_PACKET || b[2 * TS_PACKET] == 0x47)) {
            return MPEG_TS;
        }
        if (n >= 8 && MP4_BOXES.contains(ascii(b, 4))) {
            return MP4;
        }
        throw new UnusableVideo("not a video: starts with '" + printable(b, Math.min(n, 8)) + "'");
    }

    private static boolean packHeader(byte[] b, int at) {
        return b[at] == 0 && b[at + 1] == 0 && b[at + 2] == 1 && (b[at + 3] & 0xFF) == 0xBA;
    }

    private static String ascii(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.ISO_8859_1);
    }

    private static String printable(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.ISO_8859_1).replaceAll("[^A-Za-z0-9 <>/.{}\":-]", "?");
    }
}
