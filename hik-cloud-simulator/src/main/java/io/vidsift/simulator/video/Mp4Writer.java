package io.vidsift.simulator.video;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes one H.264 track as an MP4: ftyp, then mdat streamed to disk frame by frame, then moov (the layout a
 * camera that records and finalises afterwards produces). Only the per-sample sizes and durations stay in memory.
 */
final class Mp4Writer implements AutoCloseable {

    static final int TIMESCALE = 90_000;

    private final FileChannel file;
    private final int width;
    private final int height;
    private final long mdatStart;
    private long mdatPayload;
    private int[] sizes = new int[1024];
    private int[] durations = new int[1024];
    private int[] keyframes = new int[64];
    private int samples;
    private int keys;

    Mp4Writer(Path target, int width, int height) throws IOException {
        this.file = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.width = width;
        this.height = height;
        byte[] ftyp = Boxes.box("ftyp", out -> {
            out.write(ascii("isom"));
            out.writeInt(0x200);
            for (String brand : new String[]{"isom", "iso2", "avc1", "mp41"}) {
                out.write(ascii(brand));
            }
        });
        writeFully(ByteBuffer.wrap(ftyp));
        mdatStart = file.position();
        // 64-bit size so that no file size ever needs a different layout; patched on close.
        ByteBuffer header = ByteBuffer.allocate(16);
        header.putInt(1).put(ascii("mdat")).putLong(0).flip();
        writeFully(header);
    }

    void sample(byte[] data, int duration, boolean keyframe) throws IOException {
        if (samples == sizes.length) {
            sizes = Arrays.copyOf(sizes, samples * 2);
            durations = Arrays.copyOf(durations, samples * 2);
        }
        sizes[samples] = data.length;
        durations[samples] = duration;
        samples++;
        if (keyframe) {
            if (keys == keyframes.length) {
                keyframes = Arrays.copyOf(keyframes, keys * 2);
            }
            keyframes[keys++] = samples;
        }
        writeFully(ByteBuffer.wrap(data));
        mdatPayload += data.length;
    }

    /** Writes moov using the SPS/PPS for avcC and closes the file. */
    void finish(byte[] sps, byte[] pps, int profile, int compatibility, int level) throws IOException {
        ByteBuffer size = ByteBuffer.allocate(8).putLong(16 + mdatPayload).flip();
        file.write(size, mdatStart + 8);
        file.position(mdatStart + 16 + mdatPayload);
        writeFully(ByteBuffer.wrap(moov(sps, pps, profile, compatibility, level)));
        file.force(false);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private byte[] moov(byte[] sps, byte[] pps, int profile, int compatibility, int level) {
        long ticks = 0;
        for (int i = 0; i < samples; i++) {
            ticks += durations[i];
        }
        long mediaDuration = ticks;
        long movieDuration = ticks * 1000 / TIMESCALE;
        byte[] mvhd = Boxes.fullBox("mvhd", 0, 0, out -> {
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(1000);
            out.writeInt((int) movieDuration);
            out.writeInt(0x00010000);
            out.writeShort(0x0100);
            out.writeShort(0);
            out.writeLong(0);
            Boxes.matrix(out);
            for (int i = 0; i < 6; i++) {
                out.writeInt(0);
            }
            out.writeInt(2);
        });
        byte[] tkhd = Boxes.fullBox("tkhd", 0, 3, out -> {
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(1);
            out.writeInt(0);
            out.writeInt((int) movieDuration);
            out.writeLong(0);
            out.writeShort(0);
            out.writeShort(0);
            out.writeShort(0);
            out.writeShort(0);
            Boxes.matrix(out);
            out.writeInt(width << 16);
            out.writeInt(height << 16);
        });
        byte[] mdhd = Boxes.fullBox("mdhd", 0, 0, out -> {
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(TIMESCALE);
            out.writeInt((int) mediaDuration);
            out.writeShort(0x55C4); // "und"
            out.writeShort(0);
        });
        byte[] hdlr = Boxes.fullBox("hdlr", 0, 0, out -> {
            out.writeInt(0);
            out.write(ascii("vide"));
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(0);
            out.write("VideoHandler\0".getBytes(StandardCharsets.US_ASCII));
        });
        byte[] vmhd = Boxes.fullBox("vmhd", 0, 1, out -> out.writeLong(0));
        byte[] dinf = Boxes.container("dinf", Boxes.fullBox("dref", 0, 0, out -> {
            out.writeInt(1);
            out.write(Boxes.fullBox("url ", 0, 1, o -> { }));
        }));
        byte[] stbl = Boxes.container("stbl", stsd(sps, pps, profile, compatibility, level), stts(), stss(), stsc(), stsz(),
                stco());
        byte[] minf = Boxes.container("minf", vmhd, dinf, stbl);
        byte[] mdia = Boxes.container("mdia", mdhd, hdlr, minf);
        byte[] trak = Boxes.container("trak", tkhd, mdia);
        return Boxes.container("moov", mvhd, trak);
    }

    private byte[] stsd(byte[] sps, byte[] pps, int profile, int compatibility, int level) {
        byte[] avcC = Boxes.box("avcC", out -> {
            out.writeByte(1);
            out.writeByte(profile);
            out.writeByte(compatibility);
            out.writeByte(level);
            out.writeByte(0xFF);    // 4-byte NAL lengths
            out.writeByte(0xE1);    // one SPS
            out.writeShort(sps.length);
            out.write(sps);
            out.writeByte(1);       // one PPS
            out.writeShort(pps.length);
            out.write(pps);
        });
        byte[] avc1 = Boxes.box("avc1", out -> {
            out.write(new byte[6]);
            out.writeShort(1);      // data_reference_index
            out.write(new byte[16]);
            out.writeShort(width);
            out.writeShort(height);
            out.writeInt(0x00480000);
            out.writeInt(0x00480000);
            out.writeInt(0);
            out.writeShort(1);      // frame_count
            byte[] name = new byte[32];
            byte[] label = "vidsift synthetic".getBytes(StandardCharsets.US_ASCII);
            name[0] = (byte) label.length;
            System.arraycopy(label, 0, name, 1, label.length);
            out.write(name);
            out.writeShort(0x0018);
            out.writeShort(-1);
            out.write(avcC);
        });
        return Boxes.fullBox("stsd", 0, 0, out -> {
            out.writeInt(1);
            out.write(avc1);
        });
    }

    private byte[] stts() {
        ByteArrayOutputStream runs = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(runs);
        int entries = 0;
        try {
            int i = 0;
            while (i < samples) {
                int j = i;
                while (j < samples && durations[j] == durations[i]) {
                    j++;
                }
                out.writeInt(j - i);
                out.writeInt(durations[i]);
                entries++;
                i = j;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int count = entries;
        return Boxes.fullBox("stts", 0, 0, o -> {
            o.writeInt(count);
            runs.writeTo(o);
        });
    }

    private byte[] stss() {
        return Boxes.fullBox("stss", 0, 0, out -> {
            out.writeInt(keys);
            for (int i = 0; i < keys; i++) {
                out.writeInt(keyframes[i]);
            }
        });
    }

    private byte[] stsc() {
        return Boxes.fullBox("stsc", 0, 0, out -> {
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(samples);
            out.writeInt(1);
        });
    }

    private byte[] stsz() {
        return Boxes.fullBox("stsz", 0, 0, out -> {
            out.writeInt(0);
            out.writeInt(samples);
            for (int i = 0; i < samples; i++) {
                out.writeInt(sizes[i]);
            }
        });
    }

    private byte[] stco() {
        long first = mdatStart + 16;
        if (first + mdatPayload > 0xFFFF_FFFFL) {
            return Boxes.fullBox("co64", 0, 0, out -> {
                out.writeInt(1);
                out.writeLong(first);
            });
        }
        return Boxes.fullBox("stco", 0, 0, out -> {
            out.writeInt(1);
            out.writeInt((int) first);
        });
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            file.write(buffer);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
