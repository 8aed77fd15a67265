package io.vidsift.downloader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The cheap structural half of the container check for MP4 files: the top-level boxes must tile the file exactly
 * (in any order: moov first or last, fragmented files with moof/mdat pairs) and one must be {@code moov}. Only box
 * headers are read, so a 1 GB file costs a handful of small reads. This catches truncated transfers and files whose
 * moov never got written before FFmpeg is asked to read them ({@link ContainerCheck}).
 */
public final class Mp4Check {

    public static final class NotMp4 extends UnusableVideo {
        public NotMp4(String message) {
            super(message);
        }
    }

    /** What the boxes say: fragmented (moof boxes), faststart (moov before the first mdat). */
    public record Layout(boolean fragmented, boolean faststart) {
    }

    private Mp4Check() {
    }

    public static Layout verify(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            long at = 0;
            boolean first = true;
            boolean moov = false;
            boolean mdat = false;
            boolean moof = false;
            boolean faststart = false;
            ByteBuffer header = ByteBuffer.allocate(16);
            while (at < length) {
                if (length - at < 8) {
                    throw new NotMp4("not an MP4: " + (length - at) + " stray bytes at the end");
                }
                header.clear().limit((int) Math.min(16, length - at));
                while (header.hasRemaining() && channel.read(header, at + header.position()) > 0) {
                    // read the header fully
                }
                long size = header.getInt(0) & 0xFFFFFFFFL;
                String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
                if (size == 1) {
                    if (header.position() < 16) {
                        throw new NotMp4("not an MP4: box " + safe(type) + " cut short");
                    }
                    size = header.getLong(8);
                } else if (size == 0) {
                    size = length - at;
                }
                if (size < 8 || at + size > length) {
                    throw new NotMp4("not an MP4: box '" + safe(type) + "' at " + at + " needs " + size
                            + " bytes, the file ends " + (length - at) + " bytes later");
                }
                if ("moov".equals(type)) {
                    moov = true;
                    faststart = !mdat;
                }
                mdat |= "mdat".equals(type);
                moof |= "moof".equals(type);
                first = false;
                at += size;
            }
            if (first) {
                throw new NotMp4("not an MP4: empty file");
            }
            if (!moov) {
                throw new NotMp4("not an MP4: no 'moov' box");
            }
            return new Layout(moof, faststart);
        }
    }

    private static String safe(String type) {
        return type.replaceAll("[^A-Za-z0-9 ]", "?");
    }
}
