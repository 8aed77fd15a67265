package io.vidsift.aggregator.domain;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The primitives of the stores' binary rows ({@link CounterCodec}, {@link RowCodec}): a leading version byte, then
 * fields in a fixed order, big-endian as {@link java.io.DataOutput} writes them; strings and boxed numbers carry
 * whether they are null. Never '{' first, so a reader can tell a binary row from a JSON one. Written into a plain
 * growing array and read from a {@link ByteBuffer}: the synchronized in-memory streams cost more than the fields.
 */
final class BinaryRow {

    /** Writes one row's fields after the version byte. */
    interface Writer {
        void write(Out out);
    }

    /** Reads one row's fields after the version byte. */
    interface Reader<T> {
        T read(In in);
    }

    /** A row being written. */
    static final class Out {
        private byte[] bytes = new byte[256];
        private int size;

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void writeByte(int value) {
            room(1);
            bytes[size++] = (byte) value;
        }

        void writeBoolean(boolean value) {
            writeByte(value ? 1 : 0);
        }

        void writeShort(int value) {
            room(2);
            bytes[size++] = (byte) (value >>> 8);
            bytes[size++] = (byte) value;
        }

        void writeInt(int value) {
            room(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (value >>> shift);
            }
        }

        void writeLong(long value) {
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (value >>> shift);
            }
        }

        void writeDouble(double value) {
            writeLong(Double.doubleToLongBits(value));
        }

        void write(byte[] value) {
            room(value.length);
            System.arraycopy(value, 0, bytes, size, value.length);
            size += value.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /** A row being read; reading past its end is an {@link IllegalArgumentException} ("not a ... row"). */
    static final class In {
        private final ByteBuffer buffer;

        In(byte[] bytes) {
            this.buffer = ByteBuffer.wrap(bytes);
        }

        byte readByte() {
            return buffer.get();
        }

        boolean readBoolean() {
            return buffer.get() != 0;
        }

        int readUnsignedShort() {
            return buffer.getShort() & 0xFFFF;
        }

        int readInt() {
            return buffer.getInt();
        }

        long readLong() {
            return buffer.getLong();
        }

        double readDouble() {
            return buffer.getDouble();
        }

        /** Bytes left in the row (a field added later is there only when some are). */
        int available() {
            return buffer.remaining();
        }

        byte[] readFully(int length) {
            if (length > buffer.remaining()) {
                throw new BufferUnderflowException();
            }
            byte[] value = new byte[length];
            buffer.get(value);
            return value;
        }
    }

    private BinaryRow() {
    }

    static byte[] bytes(byte version, Writer writer) {
        Out out = new Out();
        out.writeByte(version);
        writer.write(out);
        return out.toByteArray();
    }

    /** @param what the kind of row, for the error ("counter row", "chunk row", ...) */
    static <T> T read(byte[] bytes, byte version, String what, Reader<T> reader) {
        In in = new In(bytes);
        byte found;
        try {
            found = in.readByte();
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("not a " + what + ": empty", e);
        }
        if (found != version) {
            throw new IllegalArgumentException(what + " of unknown version " + found);
        }
        try {
            return reader.read(in);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("not a " + what + ": it ends before its last field", e);
        }
    }

    static void string(Out out, String value) {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static String string(In in) {
        int length = in.readInt();
        return length < 0 ? null : new String(in.readFully(length), StandardCharsets.UTF_8);
    }

    static void longs(Out out, long[] values) {
        out.writeShort(values.length);
        for (long value : values) {
            out.writeLong(value);
        }
    }

    /** Reads a counted array into {@code into}: counts past its end (a status since removed) are dropped. */
    static void longs(In in, long[] into) {
        int length = in.readUnsignedShort();
        for (int i = 0; i < length; i++) {
            long value = in.readLong();
            if (i < into.length) {
                into[i] = value;
            }
        }
    }

    static void nullableLong(Out out, Long value) {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    static Long nullableLong(In in) {
        return in.readBoolean() ? in.readLong() : null;
    }

    static void nullableInt(Out out, Integer value) {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeInt(value);
        }
    }

    static Integer nullableInt(In in) {
        return in.readBoolean() ? in.readInt() : null;
    }

    static void nullableDouble(Out out, Double value) {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    static Double nullableDouble(In in) {
        return in.readBoolean() ? in.readDouble() : null;
    }
}
