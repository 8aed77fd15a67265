package io.vidsift.aggregator.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.List;
import java.util.Map;

/**
 * JSON for the output files: rows are ordered maps so that the column order is fixed and null fields are written
 * (a manifest row always has every seed field). Thread-safe.
 */
public final class OutputJson {

    // Snake case applies to the summary records; row maps keep their keys as written.
    private final ObjectMapper mapper = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    private final ObjectMapper pretty = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);

    /** One object per line, each line ending in '\n'; no rows gives an empty file. */
    public String lines(List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 256);
        for (Map<String, Object> row : rows) {
            out.append(write(mapper, row)).append('\n');
        }
        return out.toString();
    }

    public String document(Object value) {
        return write(pretty, value) + "\n";
    }

    public String compact(Object value) {
        return write(mapper, value);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON", e);
        }
    }
}
