package io.gatehouse.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: the event's JSON is the record value and the
 * context attributes travel as {@code ce_*} headers.
 */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    public static final String TYPE_PREFIX = "io.gatehouse.";

    private CloudEventHeaders() {}

    /** Headers for an event produced by {@code source} (for example {@code /gatehouse/sso-service}). */
    public static Map<String, byte[]> toHeaders(GatehouseEvent event, String source) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, bytes("1.0"));
        headers.put(ID, bytes(event.eventId().toString()));
        headers.put(TYPE, bytes(ceType(event.eventType(), event.schemaVersion())));
        headers.put(SOURCE, bytes(source));
        headers.put(TIME, bytes(event.occurredAt().toString()));
        headers.put(SUBJECT, bytes(event.key()));
        headers.put(CONTENT_TYPE, bytes("application/json"));
        return headers;
    }

    /** {@code io.gatehouse.LoginSucceeded.v1}. */
    public static String ceType(String eventType, int schemaVersion) {
        return TYPE_PREFIX + eventType + ".v" + schemaVersion;
    }

    /** The context attributes read back from headers; missing headers are null. */
    public static Context fromHeaders(Map<String, byte[]> headers) {
        String id = string(headers.get(ID));
        String time = string(headers.get(TIME));
        return new Context(
                string(headers.get(SPEC_VERSION)),
                id == null ? null : UUID.fromString(id),
                string(headers.get(TYPE)),
                string(headers.get(SOURCE)),
                time == null ? null : Instant.parse(time),
                string(headers.get(SUBJECT)));
    }

    public record Context(String specVersion, UUID id, String type, String source, Instant time, String subject) {}

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
