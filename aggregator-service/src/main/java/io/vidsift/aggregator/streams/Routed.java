package io.vidsift.aggregator.streams;

import io.vidsift.common.messages.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An input record on its way to its job's fold partition: the topic it came from, its original key, its bytes as
 * they were produced, and whether it is on that partition already ({@code home}: it is folded where it is; otherwise
 * it crosses the repartition topic first). The record is decoded once, on its job's partition, so each event costs
 * one JSON read; the original key is kept for the dead-letter topic.
 */
record Routed(String topic, String sourceKey, byte[] raw, boolean home) {

    static final List<String> TOPICS = List.of(Topics.JOBS, Topics.DOWNLOADS, Topics.ANALYSES);

    /**
     * The repartition topic's values: one byte for the topic, the original key's length (-1: none) and UTF-8 bytes,
     * then the raw value (absent for a null value). A record read back from it is home.
     */
    static final class RoutedSerde implements Serde<Routed> {

        @Override
        public Serializer<Routed> serializer() {
            return (topic, routed) -> {
                if (routed == null) {
                    return null;
                }
                byte[] key = routed.sourceKey() == null ? null : routed.sourceKey().getBytes(StandardCharsets.UTF_8);
                int rawLength = routed.raw() == null ? 0 : routed.raw().length;
                ByteBuffer out = ByteBuffer.allocate(1 + 4 + (key == null ? 0 : key.length) + 1 + rawLength);
                out.put((byte) TOPICS.indexOf(routed.topic()));
                out.putInt(key == null ? -1 : key.length);
                if (key != null) {
                    out.put(key);
                }
                out.put((byte) (routed.raw() == null ? 0 : 1));
                if (routed.raw() != null) {
                    out.put(routed.raw());
                }
                return out.array();
            };
        }

        @Override
        public Deserializer<Routed> deserializer() {
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                try {
                    ByteBuffer in = ByteBuffer.wrap(bytes);
                    String source = TOPICS.get(in.get());
                    int keyLength = in.getInt();
                    String key = null;
                    if (keyLength >= 0) {
                        key = new String(bytes, in.position(), keyLength, StandardCharsets.UTF_8);
                        in.position(in.position() + keyLength);
                    }
                    byte[] raw = null;
                    if (in.get() == 1) {
                        raw = new byte[in.remaining()];
                        in.get(raw);
                    }
                    return new Routed(source, key, raw, true);
                } catch (RuntimeException e) {
                    throw new SerializationException("not a routed aggregator record", e);
                }
            };
        }
    }
}
