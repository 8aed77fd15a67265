package io.vidsift.common.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

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
        if (json == null) {
            throw new BadMessageException("empty record value (expected " + type.getSimpleName() + ")");
        }
        try {
            return present(mapper.readValue(json, type), type);
        } catch (JsonProcessingException e) {
            throw invalid(type, e);
        }
    }

    /** {@link #read(String, Class)} on the record's UTF-8 bytes as they came, without making a String of them first. */
    public <T> T read(byte[] json, Class<T> type) {
        if (json == null) {
            throw new BadMessageException("empty record value (expected " + type.getSimpleName() + ")");
        }
        try {
            return present(mapper.readValue(json, type), type);
        } catch (JsonProcessingException e) {
            throw invalid(type, e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // not thrown when reading from memory
        }
    }

    private static <T> T present(T value, Class<T> type) {
        if (value == null) {
            throw new BadMessageException("null record value (expected " + type.getSimpleName() + ")");
        }
        return value;
    }

    private static BadMessageException invalid(Class<?> type, JsonProcessingException e) {
        return new BadMessageException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
    }
}
