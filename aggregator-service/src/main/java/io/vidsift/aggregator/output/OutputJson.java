package io.vidsift.aggregator.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * JSON for the output files: rows are ordered maps so that the column order is fixed and null fields are written
 * (a manifest row always has every seed field). Thread-safe.
 */
public final class OutputJson {

    // Snake case applies to the summary records; row maps keep their keys as written.
    private final ObjectMapper mapper = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    /** One object on one line, ending in '\n'. */
    public void line(Writer out, Object row) throws IOException {
        out.write(compact(row));
        out.write('\n');
    }

    public String compact(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON", e);
        }
    }

    /**
     * Whether this JSON's generators have the feature (how numbers are written, say): for writers that must give the
     * bytes {@link #line} gives without going through a generator per value.
     */
    public boolean generates(JsonGenerator.Feature feature) {
        try (JsonGenerator probe = mapper.createGenerator(Writer.nullWriter())) {
            return probe.isEnabled(feature);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by a writer that writes nowhere
        }
    }

    /**
     * An indented document written piece by piece (the summary of a big job is written camera by camera); the
     * caller closes it, which does not close {@code out}.
     */
    public JsonGenerator document(Writer out) throws IOException {
        JsonGenerator generator = mapper.getFactory().createGenerator(out);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        generator.setPrettyPrinter(new DefaultPrettyPrinter());
        return generator;
    }
}
