package io.gatehouse.directory.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.directory.config.DirectoryConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paging with read-ahead against a local HTTP server that serves a list of users and misbehaves on one chosen page:
 * the items still arrive in order, and a short page, a changed total or an error on any page ends the listing as
 * sequential paging would.
 */
class JumpCloudSessionPagingTest {
    private static final int USERS = 1050;

    private HttpServer server;
    private ExecutorService pages;
    /** skip → how that page misbehaves: "short", "total", "500", "429once" */
    private final Map<Integer, String> faults = new ConcurrentHashMap<>();

    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private boolean announceTotal = true;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/api/systemusers", this::systemUsers);
        server.createContext("/api/v2/usergroups/g1/membership", this::membership);
        server.start();
        pages = Executors.newFixedThreadPool(JumpCloudClientFactory.PAGE_THREADS);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        pages.shutdownNow();
    }

    @Test
    void readsEveryPageInOrderAndAtMostAFewAhead() {
        List<String> ids = new ArrayList<>();
        JumpCloudSession s = session();
        s.forEachSystemUser(u -> ids.add(u.id()));
        assertEquals(ids(0, USERS), ids);
        assertEquals(11, s.calls());
        assertTrue(maxInFlight.get() <= JumpCloudSession.READ_AHEAD + 1, "in flight: " + maxInFlight.get());

        List<String> members = new ArrayList<>();
        session().forEachGroupMember("g1", members::add);
        assertEquals(ids(0, USERS), members);
    }

    @Test
    void aShortPageInTheMiddleFailsTheListingAfterThePagesBeforeIt() {
        faults.put(500, "short");
        List<String> ids = new ArrayList<>();
        JumpCloudException e =
                assertThrows(JumpCloudException.class, () -> session().forEachSystemUser(u -> ids.add(u.id())));
        assertEquals("page_cut_short", e.code());
        assertEquals(ids(0, 550), ids);
    }

    @Test
    void aChangedTotalOrAnErrorOnALaterPageFailsTheListing() {
        faults.put(700, "total");
        assertEquals(
                "total_count_mismatch",
                assertThrows(JumpCloudException.class, () -> session().forEachSystemUser(u -> {}))
                        .code());
        faults.clear();
        faults.put(300, "500");
        assertEquals(
                "http_500",
                assertThrows(JumpCloudException.class, () -> session().forEachGroupMember("g1", u -> {}))
                        .code());
    }

    @Test
    void aRateLimitedPageIsRetriedAndNothingIsLost() {
        faults.put(400, "429once");
        List<String> ids = new ArrayList<>();
        JumpCloudSession s = session();
        s.forEachSystemUser(u -> ids.add(u.id()));
        assertEquals(ids(0, USERS), ids);
        assertEquals(12, s.calls());
    }

    @Test
    void withoutATotalPagingIsSequentialAndStopsAtTheShortPage() {
        announceTotal = false;
        List<String> members = new ArrayList<>();
        JumpCloudSession s = session();
        s.forEachGroupMember("g1", members::add);
        assertEquals(ids(0, USERS), members);
        assertEquals(1, maxInFlight.get());
    }

    // ---------------------------------------------------------------------------------------------------------

    private JumpCloudSession session() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return new JumpCloudSession(
                http,
                new Http(),
                Clock.systemUTC(),
                pages,
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "key",
                null);
    }

    private static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add(id(i));
        }
        return ids;
    }

    private static String id(int i) {
        return String.format("%024x", i);
    }

    private void systemUsers(HttpExchange x) throws IOException {
        serve(
                x,
                (items, total) -> "{\"results\":" + items + (total == null ? "" : ",\"totalCount\":" + total) + "}",
                i -> "{\"_id\":\"" + id(i) + "\",\"email\":\"u" + i + "@acme.test\",\"activated\":true,"
                        + "\"state\":\"ACTIVATED\",\"suspended\":false,\"account_locked\":false}");
    }

    private void membership(HttpExchange x) throws IOException {
        serve(
                x,
                (items, total) -> {
                    if (total != null) {
                        x.getResponseHeaders().add("X-Total-Count", total.toString());
                    }
                    return items;
                },
                i -> "{\"id\":\"" + id(i) + "\",\"type\":\"user\"}");
    }

    private interface Body {
        String of(String items, Long total);
    }

    private interface Item {
        String of(int i);
    }

    private void serve(HttpExchange x, Body body, Item item) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            Map<String, String> q = query(x.getRequestURI());
            int skip = Integer.parseInt(q.get("skip"));
            int limit = Integer.parseInt(q.get("limit"));
            String fault = faults.get(skip);
            if ("500".equals(fault)) {
                send(x, 500, "{\"message\":\"boom\"}");
                return;
            }
            if ("429once".equals(fault)) {
                faults.remove(skip);
                x.getResponseHeaders().add("Retry-After", "0");
                send(x, 429, "{\"message\":\"Too Many Requests\"}");
                return;
            }
            Thread.sleep(5);
            int to = Math.min(USERS, skip + limit);
            if ("short".equals(fault)) {
                to = skip + limit / 2;
            }
            StringBuilder items = new StringBuilder("[");
            for (int i = skip; i < to; i++) {
                items.append(i > skip ? "," : "").append(item.of(i));
            }
            items.append(']');
            Long total = !announceTotal ? null : "total".equals(fault) ? USERS + 1L : (long) USERS;
            send(x, 200, body.of(items.toString(), total));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new ConcurrentHashMap<>();
        for (String p : uri.getRawQuery().split("&")) {
            String[] kv = p.split("=", 2);
            q.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return q;
    }

    private static final class Http implements DirectoryConfig.JumpCloudHttp {
        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration requestTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public int maxAttempts() {
            return 3;
        }

        @Override
        public Duration initialBackoff() {
            return Duration.ofMillis(10);
        }

        @Override
        public Duration maxBackoff() {
            return Duration.ofMillis(50);
        }

        @Override
        public Duration maxRetryAfter() {
            return Duration.ofSeconds(1);
        }
    }
}
