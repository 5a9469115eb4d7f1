package io.gatehouse.simulator.scim;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Every SCIM request attempt the simulator sent, for tests ({@code GET /sim/scim-log}). Tokens are never kept. */
@ApplicationScoped
public class ScimLog {

    /**
     * @param query the decoded query string, or null
     * @param status the HTTP status, or 0 when no answer came (I/O error or timeout)
     */
    public record Entry(
            long seq,
            String appId,
            String method,
            String path,
            String query,
            JsonNode body,
            int status,
            int attempt,
            Instant at) {}

    private final AtomicLong seq = new AtomicLong();
    private final List<Entry> entries = new ArrayList<>();

    synchronized void record(
            String appId, String method, String path, String query, JsonNode body, int status, int attempt) {
        entries.add(new Entry(seq.incrementAndGet(), appId, method, path, query, body, status, attempt, Instant.now()));
    }

    public synchronized List<Entry> entries(String appId) {
        return entries.stream()
                .filter(e -> appId == null || e.appId().equals(appId))
                .toList();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
