package io.vidsift.aggregator.streams;

import io.vidsift.aggregator.domain.CameraTotals;
import io.vidsift.aggregator.domain.CounterCodec;
import io.vidsift.aggregator.domain.JobTotals;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.function.Function;

/** The counter stores' values in {@link CounterCodec}'s binary form. */
final class CounterSerde<T> implements Serde<T> {

    static final CounterSerde<JobTotals> TOTALS = new CounterSerde<>(CounterCodec::write, CounterCodec::readTotals);
    static final CounterSerde<CameraTotals> CAMERAS = new CounterSerde<>(CounterCodec::write, CounterCodec::readCamera);

    private final Function<T, byte[]> write;
    private final Function<byte[], T> read;

    private CounterSerde(Function<T, byte[]> write, Function<byte[], T> read) {
        this.write = write;
        this.read = read;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : write.apply(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return read.apply(bytes);
            } catch (IllegalArgumentException e) {
                throw new SerializationException(e.getMessage(), e);
            }
        };
    }
}
