package io.evomerge.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** The JSON shape of run folders: snake_case keys, unknown keys ignored, and errors that name the key. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Json() {
    }

    /** "rows[2].kind: reason" from Jackson's location of the failure; the records' own checks supply the reason. */
    static String describe(JsonProcessingException e) {
        String reason = e instanceof ValueInstantiationException && e.getCause() != null
                ? e.getCause().getMessage() : e.getOriginalMessage().lines().findFirst().orElse("invalid");
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) return reason;
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (!key.isEmpty()) key.append('.');
                key.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                key.append('[').append(r.getIndex()).append(']');
            }
        }
        return key + ": " + reason;
    }

    /** Fails a record's construction; Jackson reports it at the record's key, {@link #describe} adds the key path. */
    static <T> T require(T value, String key) {
        if (value == null) throw new IllegalArgumentException("'" + key + "' is missing");
        return value;
    }
}
