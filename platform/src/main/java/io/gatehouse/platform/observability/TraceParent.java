package io.gatehouse.platform.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C Trace Context {@code traceparent} that carries a trace across Kafka: taken from the current span when
 * an event is written to the outbox, sent by the relay as the {@code traceparent} record header, and read back
 * by the consumer as the parent of its processing span. Uses OpenTelemetry's W3C propagator, so the format is
 * exactly what the HTTP instrumentation reads and writes.
 */
public final class TraceParent {
    /** The record header name (the W3C field name). */
    public static final String HEADER = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Headers> KAFKA_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new java.util.ArrayList<>();
            for (Header h : headers) {
                keys.add(h.key());
            }
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            Header h = headers.lastHeader(key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };

    private TraceParent() {}

    /** The {@code traceparent} of the current span, or null when no valid span is current. */
    public static String current() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(4);
        W3C.inject(Context.current(), carrier, Map::put);
        return carrier.get(HEADER);
    }

    /**
     * A context whose remote parent is the record's {@code traceparent} header; {@link Context#root()} (a new
     * trace) when the header is missing or malformed. Never the calling thread's current context.
     */
    public static Context extract(Headers headers) {
        return W3C.extract(Context.root(), headers, KAFKA_HEADERS);
    }
}
