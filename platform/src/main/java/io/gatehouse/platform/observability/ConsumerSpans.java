package io.gatehouse.platform.observability;

import io.gatehouse.events.GatehouseEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Headers;

/**
 * One CONSUMER span per applied record, named {@code <topic> process}, whose parent is the record's
 * {@code traceparent} header (the span that wrote the event to the producer's outbox). The span is current while
 * the handler runs, so the events the handler publishes through the outbox carry the same trace onward: a login
 * or a revocation is one trace across sso-, user- and directory-service. Attributes follow the OpenTelemetry
 * messaging conventions.
 */
@ApplicationScoped
public class ConsumerSpans {
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.destination.partition.id");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("gatehouse.event.type");
    static final AttributeKey<String> ACCOUNT = AttributeKey.stringKey("gatehouse.account.id");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Tracer tracer;

    public ConsumerSpans(OpenTelemetry otel) {
        this.tracer = otel.getTracer("io.gatehouse.platform.messaging");
    }

    /** A started span for the record; end it with {@link Processing#close()}. */
    public Processing start(
            String group, String topic, int partition, long offset, Headers headers, GatehouseEvent event) {
        Span span = tracer.spanBuilder(topic + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceParent.extract(headers))
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(OPERATION, "process")
                .setAttribute(DESTINATION, topic)
                .setAttribute(GROUP, group)
                .setAttribute(PARTITION, (long) partition)
                .setAttribute(OFFSET, offset)
                .setAttribute(MESSAGE_ID, event.eventId().toString())
                .setAttribute(EVENT_TYPE, event.eventType())
                .setAttribute(ACCOUNT, event.accountId())
                .startSpan();
        return new Processing(span, span.makeCurrent());
    }

    /** A record's span, current on this thread until closed. */
    public static final class Processing implements AutoCloseable {
        private final Span span;
        private final Scope scope;

        private Processing(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        /** Marks the span failed with the error's type only: messages may carry data that must not leave. */
        public void failed(Throwable error) {
            span.setAttribute(ERROR_TYPE, error.getClass().getName());
            span.setStatus(StatusCode.ERROR);
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
