package io.gatehouse.platform.outbox;

/**
 * The W3C {@code traceparent} of the current span, when OpenTelemetry is on the classpath and a span is active;
 * stored with each outbox row and sent as a Kafka header so that traces follow events across services.
 */
final class TraceContext {
    private TraceContext() {
    }

    static String currentTraceParent() {
        try {
            Class<?> spanClass = Class.forName("io.opentelemetry.api.trace.Span");
            Object span = spanClass.getMethod("current").invoke(null);
            Object ctx = spanClass.getMethod("getSpanContext").invoke(span);
            Class<?> ctxClass = Class.forName("io.opentelemetry.api.trace.SpanContext");
            if (!(Boolean) ctxClass.getMethod("isValid").invoke(ctx)) {
                return null;
            }
            String traceId = (String) ctxClass.getMethod("getTraceId").invoke(ctx);
            String spanId = (String) ctxClass.getMethod("getSpanId").invoke(ctx);
            boolean sampled = (Boolean) ctxClass.getMethod("isSampled").invoke(ctx);
            return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
