package io.vidsift.aggregator.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vidsift.aggregator.domain.CameraTotals;
import io.vidsift.aggregator.domain.CounterCodec;
import io.vidsift.aggregator.domain.JobTotals;
import io.vidsift.aggregator.domain.RowCodec;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The stores' values: binary ({@link CounterCodec}, {@link RowCodec}) for the rows the fold reads and writes with every
 * event, JSON with MessageCodec's mapper (snake_case, lenient reads) for the rest (plans, early reports, inline clips). Null stays null (a delete);
 * a value that cannot be written or read is a {@link SerializationException} naming its type.
 */
final class StoreSerde<T> implements Serde<T> {

    static final StoreSerde<JobTotals> TOTALS = new StoreSerde<>("JobTotals", CounterCodec::write, CounterCodec::readTotals);
    static final StoreSerde<CameraTotals> CAMERAS = new StoreSerde<>("CameraTotals", CounterCodec::write, CounterCodec::readCamera);

    /** One direction of the conversion; may throw anything, which becomes the SerializationException's cause. */
    interface Conversion<A, B> {
        B apply(A value) throws Exception;
    }

    private final String type;
    private final Conversion<T, byte[]> write;
    private final Conversion<byte[], T> read;

    private StoreSerde(String type, Conversion<T, byte[]> write, Conversion<byte[], T> read) {
        this.type = type;
        this.write = write;
        this.read = read;
    }

    static <T> StoreSerde<T> json(ObjectMapper mapper, Class<T> type) {
        return new StoreSerde<>(type.getSimpleName(), mapper::writeValueAsBytes, bytes -> mapper.readValue(bytes, type));
    }

    /**
     * Written binary ({@link RowCodec}); a row an older aggregator wrote as JSON (still in its stores and changelog
     * topics after an upgrade) is read as JSON: a binary row never starts with '{'.
     */
    static <T> StoreSerde<T> binary(ObjectMapper mapper, Class<T> type, Conversion<T, byte[]> write, Conversion<byte[], T> read) {
        return new StoreSerde<>(type.getSimpleName(), write,
                bytes -> bytes.length > 0 && bytes[0] == '{' ? mapper.readValue(bytes, type) : read.apply(bytes));
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : convert(write, value, "write");
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : convert(read, bytes, "read");
    }

    private <A, B> B convert(Conversion<A, B> conversion, A value, String verb) {
        try {
            return conversion.apply(value);
        } catch (Exception e) {
            throw new SerializationException("cannot " + verb + " " + type + ": " + e.getMessage(), e);
        }
    }
}
