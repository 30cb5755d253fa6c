package io.ostflow.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/** The JSON settings of every wire type: ISO-8601 instants, unknown fields tolerated. */
public final class Json {
    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private Json() {}

    /** A shared, thread-safe mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads the JSON value of a record keyed {@code key} as {@code type}.
     *
     * @throws IllegalArgumentException naming the record and the type, for anything unreadable
     *     (listeners let it reach their channel's dead-letter topic)
     */
    public static <T> T readRecord(String key, String json, Class<T> type) {
        if (json == null) {
            throw new IllegalArgumentException(
                    "record " + key + " has no value; expected a " + type.getSimpleName());
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "record " + key + " is not a " + type.getSimpleName() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Applies ostflow's settings to a mapper (e.g. the one Quarkus injects). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
