package io.gatehouse.e2e.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Secrets never reach a log or an error body. Runs after the matrix and the fault injection (same JVM, see
 * {@link HardeningSuiteTest}), drives once more everything that handles a secret — SAML logins, session cookies,
 * JWT minting, the directory connection with the JumpCloud API key, SCIM token issuing and SCIM calls, and
 * requests that put secrets where they do not belong — then scans every file under {@code Stack.logs} (each
 * process's captured output) and every error body received by the suite for every secret value seen.
 */
abstract class SecretsInLogsTest {
    static final Results RESULTS = new Results("secrets-in-logs");
    static final String AREA = "Secrets never in logs";

    @Test
    void noSecretInAnyLogOrErrorBody() throws Exception {
        World w = World.get();
        World.Tenant b = w.b;
        // logins, sessions and JWTs
        String cookie = w.login(b, b.agentEmail);
        w.mint(cookie);
        Http.get(w.sso + "/api/session")
                .header("Cookie", "GH_SESSION=" + cookie)
                .send();
        Http.post(w.sso + "/api/session/token")
                .header("Cookie", "GH_SESSION=" + cookie + "x")
                .send();
        Http.post(w.sso + "/api/session/logout")
                .header("Cookie", "GH_SESSION=" + cookie)
                .send();
        Http.get(w.sso + "/api/session")
                .header("Cookie", "GH_SESSION=" + cookie)
                .send(); // an ended session
        // the directory connection: the key written again, a wrong key, a sync that uses the key
        Map<String, Object> directory = new LinkedHashMap<>();
        directory.put("provider", "JUMPCLOUD");
        directory.put("apiBaseUrl", w.sim);
        directory.put("apiKey", w.apiKey);
        directory.put("orgId", w.orgId);
        directory.put("applicationId", b.appId);
        directory.put("scimEnabled", true);
        Http.put(b.dirApi()).bearer(w.op).json(directory).send();
        Http.post(b.dirApi() + "/sync?wait=true").bearer(w.op).send();
        String wrongKey = "wrong-" + World.random(12);
        World.secret("JumpCloud API key", wrongKey);
        directory.put("apiKey", wrongKey);
        Http.put(b.dirApi()).bearer(w.op).json(directory).send();
        Http.post(b.dirApi() + "/sync?wait=true").bearer(w.op).send(); // FAILED: 401 from JumpCloud
        directory.put("apiKey", w.apiKey);
        Http.put(b.dirApi()).bearer(w.op).json(directory).send();
        // SCIM: a new token, calls with it, calls with wrong tokens and bad input
        String token = b.issueScimToken();
        String users = b.scimBase() + "/Users";
        Http.Resp created = Http.post(users)
                .bearer(token)
                .body(
                        "application/scim+json",
                        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"scim-secret@"
                                + b.domain + "\",\"externalId\":\"ext-" + World.random(4) + "\",\"active\":true}")
                .send();
        Http.get(users + "?filter=" + Http.enc("userName eq \"scim-secret@" + b.domain + "\""))
                .bearer(token)
                .send();
        if (created.status() == 201) {
            String id = created.json().get("id").asText();
            Http.patch(users + "/" + id)
                    .bearer(token)
                    .body(
                            "application/scim+json",
                            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\","
                                    + "\"path\":\"active\",\"value\":false}]}")
                    .send();
            Http.delete(users + "/" + id).bearer(token).send();
        }
        Http.get(users + "?filter=" + Http.enc("userName eq")).bearer(token).send();
        Http.get(users).bearer(token + "x").send();
        Http.get(users).bearer(w.a.scimToken).send();
        // secrets where they do not belong: in queries and bodies of refused requests. Their answers may echo the
        // caller's own input back to the same caller (not a disclosure), so they are kept out of the body scan;
        // the logs must still not carry them.
        List<Http.Resp> echoes = List.of(
                Http.get(w.users + "/api/accounts/" + b.id + "/users?q=" + Http.enc(w.op))
                        .bearer(token)
                        .send(),
                Http.put(b.usersApi())
                        .bearer(w.op)
                        .json("{\"name\":\"" + token + "\",\"plan\":\"" + w.apiKey + "\"}")
                        .send(),
                Http.post(b.ssoApi() + "/domains")
                        .bearer(w.op)
                        .json("{\"domain\":\"" + token + "\"}")
                        .send(),
                Http.post(w.sso + "/saml/" + b.id + "/acs")
                        .form(Map.of("SAMLResponse", token, "RelayState", w.op))
                        .send());
        long echoed = echoes.stream()
                .filter(r -> r.body().contains(token)
                        || r.body().contains(w.apiKey)
                        || r.body().contains(w.op))
                .count();
        echoes.forEach(r -> Http.ERROR_BODIES.remove(r.body()));
        RESULTS.record(
                AREA,
                "Misplaced secrets in refused requests (token as a query, key as a plan, ...)",
                "refused; never logged; an echo goes only to the sender",
                echoed + " of " + echoes.size() + " answers echo the sender's own input back to the sender",
                true);

        Map<String, Set<String>> secrets = World.SECRETS;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(w.stack.logs)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        long bytes = 0;
        List<String> hits = new ArrayList<>();
        for (Path file : files) {
            String text = read(file);
            bytes += text.length();
            secrets.forEach((kind, values) -> values.stream()
                    .filter(text::contains)
                    .findFirst()
                    .ifPresent(v -> hits.add(kind + " in " + file.getFileName())));
        }
        List<String> bodies = new ArrayList<>(Http.ERROR_BODIES);
        for (String body : bodies) {
            secrets.forEach((kind, values) -> values.stream()
                    .filter(body::contains)
                    .findFirst()
                    .ifPresent(v -> hits.add(
                            kind + " in an error body: " + Http.abbreviate(body.replace(v, "<" + kind + ">")))));
        }
        for (Map.Entry<String, Set<String>> kind : secrets.entrySet()) {
            List<String> found = hits.stream()
                    .filter(h -> h.startsWith(kind.getKey() + " in"))
                    .distinct()
                    .toList();
            RESULTS.record(
                    AREA,
                    kind.getKey() + " (" + kind.getValue().size() + " values)",
                    "absent from " + files.size() + " logs and " + bodies.size() + " error bodies",
                    found.isEmpty() ? "absent" : String.join("; ", found),
                    found.isEmpty());
        }
        RESULTS.record(
                AREA,
                "What was scanned",
                "every process log and every error body",
                files.size() + " files (" + bytes / 1024 + " KiB), " + bodies.size() + " error bodies, "
                        + secrets.values().stream().mapToInt(Set::size).sum() + " secret values",
                true);
        assertTrue(files.size() >= 4, "expected a log per process, found " + files);
        assertTrue(
                secrets.keySet()
                        .containsAll(List.of("operator token", "JumpCloud API key", "SCIM token", "session id", "JWT")),
                () -> secrets.keySet().toString());
        assertTrue(
                hits.isEmpty(),
                () -> "secrets found: " + hits.stream().distinct().toList());
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
