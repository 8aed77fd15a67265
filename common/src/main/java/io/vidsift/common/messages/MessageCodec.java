package io.vidsift.common.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON for every topic: snake_case keys like the manifests, unknown fields ignored so that a newer producer never
 * breaks an older consumer. Thread-safe once built.
 */
public final class MessageCodec {

    private final ObjectMapper mapper;

    public MessageCodec() {
        this.mapper = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public String write(Object message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + message.getClass().getSimpleName(), e);
        }
    }

    /** Reads a message; throws {@link BadMessageException} with the reason so the caller can dead-letter it. */
    public <T> T read(String json, Class<T> type) {
        return json == null ? absent(type) : parse(() -> mapper.readValue(json, type), type);
    }

    /** {@link #read(String, Class)} on the record's UTF-8 bytes as they came, without making a String of them first. */
    public <T> T read(byte[] json, Class<T> type) {
        return json == null ? absent(type) : parse(() -> mapper.readValue(json, type), type);
    }

    private interface Parse<T> {
        T value() throws IOException;
    }

    private static <T> T parse(Parse<T> parse, Class<T> type) {
        T value;
        try {
            value = parse.value();
        } catch (JsonProcessingException e) {
            throw new BadMessageException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown when reading from memory
        }
        if (value == null) {
            throw new BadMessageException("null record value (expected " + type.getSimpleName() + ")");
        }
        return value;
    }

    private static <T> T absent(Class<T> type) {
        throw new BadMessageException("empty record value (expected " + type.getSimpleName() + ")");
    }
}
