package io.gatehouse.directory.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.directory.config.DirectoryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.jboss.logging.Logger;

/**
 * The JumpCloud API calls one reconciliation makes, for one account. Pages at {@value #LIMIT} with {@code sort=_id}
 * and stops at a short page; checks every page against {@code X-Total-Count} (v2, when present) or
 * {@code totalCount} (v1); retries 429/502/503/504, timeouts and connection errors with exponential back-off and
 * jitter, honouring {@code Retry-After}; throws {@link JumpCloudException} for anything else. Counts the HTTP calls.
 * Pages of one listing are read ahead concurrently once the total is known (see {@link #pageAll}); a session is
 * used by one sync at a time. The API key is never logged.
 */
public class JumpCloudSession {
    static final int LIMIT = 100;
    /** Pages of one listing requested ahead of the one being consumed. */
    static final int READ_AHEAD = 4;

    private static final Logger LOG = Logger.getLogger(JumpCloudSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_FIELDS =
            "_id email username firstname lastname activated suspended state account_locked";

    private final HttpClient http;
    private final DirectoryConfig.JumpCloudHttp config;
    private final Clock clock;
    private final String base;
    private final String apiKey;
    private final String orgId;
    private final Executor pages;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger pagesRead = new AtomicInteger();
    private volatile Long systemUsersTotal;

    JumpCloudSession(
            HttpClient http,
            DirectoryConfig.JumpCloudHttp config,
            Clock clock,
            Executor pages,
            String apiBaseUrl,
            String apiKey,
            String orgId) {
        this.http = http;
        this.config = config;
        this.clock = clock;
        this.pages = pages;
        String b = apiBaseUrl.trim();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        if (b.endsWith("/api")) {
            b = b.substring(0, b.length() - 4);
        }
        this.base = b;
        this.apiKey = apiKey;
        this.orgId = orgId;
    }

    /** List pages consumed so far (of every listing). */
    public int pagesRead() {
        return pagesRead.get();
    }

    /** The organisation's user count as JumpCloud announced it while listing users, or null before that. */
    public Integer systemUsersTotal() {
        Long t = systemUsersTotal;
        return t == null ? null : (int) Math.min(Integer.MAX_VALUE, t);
    }

    /** HTTP requests sent so far (every attempt counts). */
    public int calls() {
        return calls.get();
    }

    /**
     * Ids of the user groups bound to the application itself (its User Groups tab). JumpCloud's list also has the
     * groups nested below a bound group (every path of theirs is longer than one hop): those are left out, since
     * their members are in the bound group's resolved membership already and JumpCloud's group push sends only the
     * bound groups, so SCIM and reconciliation name the same groups for a member. A node without paths counts as bound.
     */
    public void forEachApplicationGroup(String applicationId, Consumer<String> groupId) {
        pageV2("/api/v2/applications/" + seg(applicationId) + "/usergroups", node -> {
            String type = node.path("type").asText("user_group");
            if ("user_group".equals(type) && boundDirectly(node.get("paths"))) {
                groupId.accept(requireId(node));
            }
        });
    }

    private static boolean boundDirectly(JsonNode paths) {
        if (paths == null || !paths.isArray() || paths.isEmpty()) {
            return true;
        }
        for (JsonNode path : paths) {
            if (path.isArray() && path.size() <= 1) {
                return true;
            }
        }
        return false;
    }

    /** The group's name. */
    public String groupName(String groupId) {
        JsonNode g = getJson("/api/v2/usergroups/" + seg(groupId), false)
                .orElseThrow(() -> new JumpCloudException("group_not_found", "user group " + groupId + " not found"));
        JsonNode name = g.get("name");
        if (name == null || !name.isTextual()) {
            throw new JumpCloudException("malformed_response", "user group " + groupId + " has no name");
        }
        return name.asText();
    }

    /** Ids of the users who are members of the group, directly or through nested groups. */
    public void forEachGroupMember(String groupId, Consumer<String> userId) {
        pageV2("/api/v2/usergroups/" + seg(groupId) + "/membership", node -> {
            if ("user".equals(node.path("type").asText("user"))) {
                userId.accept(requireId(node));
            }
        });
    }

    /** Ids of the user groups the user is a member of, directly or through nested groups (404: the user is gone). */
    public void forEachGroupOfUser(String userId, Consumer<String> groupId) {
        pageV2("/api/v2/users/" + seg(userId) + "/memberof", node -> {
            if ("user_group".equals(node.path("type").asText("user_group"))) {
                groupId.accept(requireId(node));
            }
        });
    }

    /** Every system user of the organisation, with the fields that matter, in {@code _id} order. */
    public void forEachSystemUser(Consumer<JumpCloudUser> user) {
        String path = "/api/systemusers?fields=" + URLEncoder.encode(USER_FIELDS, StandardCharsets.UTF_8);
        pageAll(
                skip -> {
                    JsonNode page = getJson(path + "&limit=" + LIMIT + "&skip=" + skip + "&sort=_id", true)
                            .orElseThrow();
                    JsonNode results = page.get("results");
                    if (!page.isObject() || results == null || !results.isArray()) {
                        throw new JumpCloudException("malformed_response", "v1 list without results array");
                    }
                    JsonNode totalNode = page.get("totalCount");
                    Long total = null;
                    if (totalNode != null && !totalNode.isNull()) {
                        if (!totalNode.canConvertToLong() || !totalNode.isIntegralNumber()) {
                            throw new JumpCloudException("malformed_response", "totalCount is not a number");
                        }
                        total = totalNode.longValue();
                        if (systemUsersTotal == null) {
                            systemUsersTotal = total;
                        }
                    }
                    return new Page(results, total);
                },
                n -> user.accept(JumpCloudUser.from(n)));
    }

    /** One system user, or empty when JumpCloud answers 404 (deleted). */
    public Optional<JumpCloudUser> systemUser(String userId) {
        return getJson("/api/systemusers/" + seg(userId), false).map(JumpCloudUser::from);
    }

    // ---------------------------------------------------------------------------------------------------------

    private void pageV2(String path, Consumer<JsonNode> each) {
        String sep = path.contains("?") ? "&" : "?";
        pageAll(
                skip -> {
                    Response r = send(path + sep + "limit=" + LIMIT + "&skip=" + skip + "&sort=_id");
                    if (r.status != 200) {
                        throw statusError(r, path);
                    }
                    JsonNode page = parse(r.body);
                    if (!page.isArray()) {
                        throw new JumpCloudException("malformed_response", "v2 list is not a JSON array");
                    }
                    Long total = null;
                    Optional<String> header = r.response.headers().firstValue("X-Total-Count");
                    if (header.isPresent()) {
                        try {
                            total = Long.parseLong(header.get().trim());
                        } catch (NumberFormatException e) {
                            throw new JumpCloudException("malformed_response", "X-Total-Count is not a number");
                        }
                    }
                    return new Page(page, total);
                },
                each);
    }

    /** One page as received: its items and the total it announced (null when absent). */
    private record Page(JsonNode items, Long total) {}

    /**
     * Reads a list page by page and hands its items to {@code each} in order, checking every page against the
     * total the first one announced. The first page is read alone; once a total is known, the pages up to it are
     * requested ahead, at most {@link #READ_AHEAD} at a time on the shared page executor, and still checked and
     * consumed strictly in order, so a short page, a changed total or any failure ends the listing exactly as
     * when paging one request at a time (each request keeps its own retries and {@code Retry-After}). Without a
     * total, paging stays sequential and stops at the first short page.
     */
    private void pageAll(IntFunction<Page> fetch, Consumer<JsonNode> each) {
        Long firstTotal = null;
        long fetched = 0;
        int nextSkip = LIMIT;
        Deque<CompletableFuture<Page>> ahead = new ArrayDeque<>();
        try {
            Page page = fetch.apply(0);
            while (true) {
                firstTotal = checkTotal(firstTotal, page.total());
                if (page.items().size() > LIMIT) {
                    throw new JumpCloudException("malformed_response", "page larger than limit");
                }
                for (JsonNode n : page.items()) {
                    each.accept(n);
                }
                pagesRead.incrementAndGet();
                fetched += page.items().size();
                if (endOfPages(page.items().size(), fetched, firstTotal)) {
                    return;
                }
                while (firstTotal != null && nextSkip < firstTotal && ahead.size() < READ_AHEAD) {
                    int skip = nextSkip;
                    ahead.add(CompletableFuture.supplyAsync(() -> fetch.apply(skip), pages));
                    nextSkip += LIMIT;
                }
                if (ahead.isEmpty()) {
                    page = fetch.apply(nextSkip);
                    nextSkip += LIMIT;
                } else {
                    page = await(ahead.poll());
                }
            }
        } finally {
            ahead.forEach(f -> f.cancel(true));
        }
    }

    private static Page await(CompletableFuture<Page> page) {
        try {
            return page.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JumpCloudException("interrupted", "interrupted while calling JumpCloud");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new JumpCloudException("internal_error", "reading a page failed", e.getCause());
        }
    }

    private static Long checkTotal(Long first, Long now) {
        if (first != null && now != null && !first.equals(now)) {
            throw new JumpCloudException(
                    "total_count_mismatch",
                    "the announced total changed while paging (" + first + " then " + now + ")");
        }
        if (first == null && now != null && now < 0) {
            throw new JumpCloudException("malformed_response", "negative total");
        }
        return first != null ? first : now;
    }

    /** True when paging is over; throws when the pages contradict the announced total. */
    private static boolean endOfPages(int pageSize, long fetched, Long total) {
        if (total != null && fetched > total) {
            throw new JumpCloudException(
                    "total_count_mismatch", "received " + fetched + " items but the total is " + total);
        }
        if (pageSize < LIMIT) {
            if (total != null && fetched < total) {
                throw new JumpCloudException(
                        "page_cut_short", "a page ended early: received " + fetched + " of " + total);
            }
            return true;
        }
        return total != null && fetched == total;
    }

    private static String requireId(JsonNode node) {
        JsonNode id = node.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            JsonNode to = node.path("to").get("id");
            if (to != null && to.isTextual()) {
                return to.asText();
            }
            throw new JumpCloudException("malformed_response", "list item without id");
        }
        return id.asText();
    }

    private Optional<JsonNode> getJson(String path, boolean list) {
        Response r = send(path);
        if (r.status == 404 && !list) {
            return Optional.empty();
        }
        if (r.status != 200) {
            throw statusError(r, path);
        }
        return Optional.of(parse(r.body));
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new JumpCloudException("malformed_response", "empty body");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new JumpCloudException("malformed_response", "response is not valid JSON");
        } catch (IOException e) {
            throw new JumpCloudException("malformed_response", "response could not be read");
        }
    }

    private static JumpCloudException statusError(Response r, String path) {
        String what = stripQuery(path);
        return switch (r.status) {
            case 401 -> new JumpCloudException("unauthorized", "JumpCloud rejected the API key (401) on " + what);
            case 403 -> new JumpCloudException("forbidden", "JumpCloud refused access (403) on " + what);
            case 404 -> new JumpCloudException("not_found", "JumpCloud answered 404 on " + what);
            case 429 -> new JumpCloudException("retries_exhausted", "still rate limited (429) on " + what);
            case 502, 503, 504 ->
                new JumpCloudException("retries_exhausted", "still unavailable (" + r.status + ") on " + what);
            default -> new JumpCloudException("http_" + r.status, "JumpCloud answered " + r.status + " on " + what);
        };
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record Response(int status, byte[] body, HttpResponse<byte[]> response) {}

    /** One GET with the retry policy. */
    private Response send(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(config.requestTimeout())
                .header("x-api-key", apiKey)
                .header("Accept", "application/json")
                .GET();
        if (orgId != null && !orgId.isBlank()) {
            b.header("x-org-id", orgId);
        }
        HttpRequest request = b.build();
        int max = Math.max(1, config.maxAttempts());
        for (int attempt = 1; ; attempt++) {
            calls.incrementAndGet();
            Duration wait;
            String why;
            try {
                HttpResponse<byte[]> resp = exchange(request);
                int s = resp.statusCode();
                if (s != 429 && s != 502 && s != 503 && s != 504) {
                    return new Response(s, resp.body(), resp);
                }
                if (attempt >= max) {
                    return new Response(s, resp.body(), resp);
                }
                why = "status " + s;
                OptionalLong retryAfter = retryAfterMillis(resp);
                if (retryAfter.isPresent()) {
                    if (retryAfter.getAsLong() > config.maxRetryAfter().toMillis()) {
                        throw new JumpCloudException(
                                "retry_after_too_long",
                                "JumpCloud asked to wait " + retryAfter.getAsLong() + " ms on "
                                        + stripQuery(pathAndQuery));
                    }
                    wait = Duration.ofMillis(retryAfter.getAsLong());
                } else {
                    wait = backoff(attempt);
                }
            } catch (IOException | TimeoutException e) {
                if (attempt >= max) {
                    throw new JumpCloudException(
                            "retries_exhausted",
                            "no answer from JumpCloud on " + stripQuery(pathAndQuery) + " ("
                                    + e.getClass().getSimpleName() + ")",
                            e);
                }
                why = e.getClass().getSimpleName();
                wait = backoff(attempt);
            }
            LOG.debugf(
                    "JumpCloud %s on %s; attempt %d of %d, waiting %d ms",
                    why, stripQuery(pathAndQuery), attempt, max, wait.toMillis());
            sleep(wait);
        }
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException, TimeoutException {
        CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            // bounds headers AND body: a server that trickles a page counts as a timeout
            return f.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new JumpCloudException("interrupted", "interrupted while calling JumpCloud");
        }
    }

    /** Exponential back-off with "equal jitter": half fixed, half random, capped. */
    Duration backoff(int attempt) {
        long baseMs = config.initialBackoff().toMillis();
        long cap = config.maxBackoff().toMillis();
        long exp = Math.min(cap, baseMs * (1L << Math.min(20, attempt - 1)));
        long half = exp / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private OptionalLong retryAfterMillis(HttpResponse<?> resp) {
        Optional<String> v = resp.headers().firstValue("Retry-After");
        if (v.isEmpty() || v.get().isBlank()) {
            return OptionalLong.empty();
        }
        String s = v.get().trim();
        try {
            return OptionalLong.of(Math.max(0, Long.parseLong(s)) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
                return OptionalLong.of(Math.max(0, at.toInstant().toEpochMilli() - clock.millis()));
            } catch (DateTimeParseException e) {
                return OptionalLong.empty();
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JumpCloudException("interrupted", "interrupted while backing off");
        }
    }
}
