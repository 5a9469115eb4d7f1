package io.gatehouse.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The one Jackson configuration for events: ISO-8601 instants, unknown properties ignored, nulls omitted. */
public final class EventJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private EventJson() {}

    /** A copy of the configured mapper, for callers that want to add their own modules. */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    public static String toJson(GatehouseEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toBytes(GatehouseEvent event) {
        return toJson(event).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads an event. Throws {@link InvalidEventException} for anything that is not a known, well-formed event, so
     * that consumers can send it to the dead-letter topic.
     */
    public static GatehouseEvent fromJson(String json) {
        try {
            GatehouseEvent event = MAPPER.readValue(json, GatehouseEvent.class);
            if (event == null || event.eventId() == null || event.accountId() == null || event.occurredAt() == null) {
                throw new InvalidEventException("event lacks eventId, accountId or occurredAt");
            }
            return event;
        } catch (IOException e) {
            throw new InvalidEventException(e.getMessage(), e);
        }
    }

    public static GatehouseEvent fromBytes(byte[] json) {
        if (json == null) {
            throw new InvalidEventException("empty message");
        }
        return fromJson(new String(json, StandardCharsets.UTF_8));
    }

    /** Not an event this version understands (unknown type, malformed JSON, missing envelope fields). */
    public static final class InvalidEventException extends RuntimeException {
        public InvalidEventException(String message) {
            super(message);
        }

        public InvalidEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
