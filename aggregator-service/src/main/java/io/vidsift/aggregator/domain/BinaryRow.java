package io.vidsift.aggregator.domain;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The primitives of the stores' binary rows ({@link CounterCodec}, {@link RowCodec}): a leading version byte, then
 * fields in a fixed order; strings and boxed numbers carry whether they are null. Never '{' first, so a reader can
 * tell a binary row from a JSON one.
 */
final class BinaryRow {

    /** Writes one row's fields after the version byte. */
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads one row's fields after the version byte. */
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private BinaryRow() {
    }

    static byte[] bytes(byte version, Writer writer) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(version);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by an in-memory stream
        }
        return buffer.toByteArray();
    }

    /** @param what the kind of row, for the error ("counter row", "chunk row", ...) */
    static <T> T read(byte[] bytes, byte version, String what, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte found = in.readByte();
            if (found != version) {
                throw new IllegalArgumentException(what + " of unknown version " + found);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a " + what + ": " + e.getMessage(), e);
        }
    }

    static void string(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    static void longs(DataOutputStream out, long[] values) throws IOException {
        out.writeShort(values.length);
        for (long value : values) {
            out.writeLong(value);
        }
    }

    /** Reads a counted array into {@code into}: counts past its end (a status since removed) are dropped. */
    static void longs(DataInputStream in, long[] into) throws IOException {
        int length = in.readUnsignedShort();
        for (int i = 0; i < length; i++) {
            long value = in.readLong();
            if (i < into.length) {
                into[i] = value;
            }
        }
    }

    static void nullableLong(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    static Long nullableLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    static void nullableInt(DataOutputStream out, Integer value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeInt(value);
        }
    }

    static Integer nullableInt(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }

    static void nullableDouble(DataOutputStream out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    static Double nullableDouble(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }
}
