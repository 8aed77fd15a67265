package io.vidsift.simulator.video;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** ISO BMFF box assembly: a box is its size, its four-character type and its body. */
final class Boxes {

    @FunctionalInterface
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private Boxes() {
    }

    static byte[] box(String type, Body body) {
        try {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            body.write(new DataOutputStream(content));
            ByteArrayOutputStream box = new ByteArrayOutputStream(content.size() + 8);
            DataOutputStream out = new DataOutputStream(box);
            out.writeInt(content.size() + 8);
            out.write(type.getBytes(StandardCharsets.US_ASCII));
            content.writeTo(out);
            return box.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] fullBox(String type, int version, int flags, Body body) {
        return box(type, out -> {
            out.writeInt((version << 24) | flags);
            body.write(out);
        });
    }

    static byte[] container(String type, byte[]... children) {
        return box(type, out -> {
            for (byte[] child : children) {
                out.write(child);
            }
        });
    }

    static void matrix(DataOutputStream out) throws IOException {
        int[] unity = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
        for (int value : unity) {
            out.writeInt(value);
        }
    }
}
