package io.vidsift.simulator.video;

import java.io.ByteArrayOutputStream;

/** NAL unit framing: the one-byte header and emulation prevention of the RBSP. */
final class Nal {

    static final int SLICE = 1;
    static final int IDR = 5;
    static final int SPS = 7;
    static final int PPS = 8;
    static final int FILLER = 12;

    private Nal() {
    }

    static byte[] unit(int refIdc, int type, byte[] rbsp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rbsp.length + rbsp.length / 64 + 2);
        out.write((refIdc << 5) | type);
        int zeros = 0;
        for (byte b : rbsp) {
            int v = b & 0xFF;
            // A 0x000000..0x000003 sequence would read as a start code: insert the escape byte.
            if (zeros >= 2 && v <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(v);
            zeros = v == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    /** Filler data (what CBR encoders pad with): {@code size} bytes in total including the header. */
    static byte[] filler(int size) {
        byte[] unit = new byte[Math.max(2, size)];
        unit[0] = FILLER;
        for (int i = 1; i < unit.length - 1; i++) {
            unit[i] = (byte) 0xFF;
        }
        unit[unit.length - 1] = (byte) 0x80;
        return unit;
    }
}
