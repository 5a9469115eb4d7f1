package io.gatehouse.e2e.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * A plain HTTP client for the hardening suite (JDK client: no redirects followed, no cookie jar, exact control of
 * headers and bodies). Every error body received is kept so that {@link SecretsInLogsTest} can scan it too.
 */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    /** Error bodies (status ≥ 400) received during the run. */
    static final ConcurrentLinkedQueue<String> ERROR_BODIES = new ConcurrentLinkedQueue<>();

    private Http() {}

    /** One answer. */
    record Resp(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + abbreviate(body), e);
            }
        }

        Optional<String> cookie(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("set-cookie"))
                    .flatMap(e -> e.getValue().stream())
                    .filter(c -> c.startsWith(name + "="))
                    .map(c -> c.substring(name.length() + 1).split(";", 2)[0])
                    .filter(v -> !v.isEmpty())
                    .findFirst();
        }

        boolean problemJson() {
            String type = header("content-type");
            return type != null && type.startsWith("application/problem+json");
        }

        String code() {
            try {
                JsonNode n = JSON.readTree(body);
                return n != null && n.hasNonNull("code") ? n.get("code").asText() : null;
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return status + " " + abbreviate(body);
        }
    }

    static final class Request {
        private final String method;
        private final String url;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        Request(String method, String url) {
            this.method = method;
            this.url = url;
        }

        Request header(String name, String value) {
            if (value != null) {
                headers.put(name, value);
            }
            return this;
        }

        Request bearer(String token) {
            return token == null ? this : header("Authorization", "Bearer " + token);
        }

        Request json(Object value) {
            try {
                return body("application/json", value instanceof String s ? s : JSON.writeValueAsString(value));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        Request body(String contentType, String text) {
            header("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
            return this;
        }

        Request form(Map<String, String> fields) {
            return body(
                    "application/x-www-form-urlencoded",
                    fields.entrySet().stream()
                            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                            .collect(Collectors.joining("&")));
        }

        Resp send() {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, body);
            headers.forEach(b::header);
            try {
                HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
                Resp resp = new Resp(r.statusCode(), r.headers().map(), r.body() == null ? "" : r.body());
                if (resp.status() >= 400) {
                    ERROR_BODIES.add(resp.body());
                }
                return resp;
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + url + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static Request get(String url) {
        return new Request("GET", url);
    }

    static Request post(String url) {
        return new Request("POST", url);
    }

    static Request put(String url) {
        return new Request("PUT", url);
    }

    static Request patch(String url) {
        return new Request("PATCH", url);
    }

    static Request delete(String url) {
        return new Request("DELETE", url);
    }

    static Request method(String method, String url) {
        return new Request(method, url);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
