package io.gatehouse.directory.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.testsupport.fuzz.Choices;
import io.gatehouse.testsupport.fuzz.SecurityResults;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the SCIM request parsing of directory-service: list filters ({@code ScimPaging} + the UnboundID filter
 * parser and evaluator) and PATCH bodies ({@code ScimPatches} → {@code PatchOperation.apply} →
 * {@code ScimUsers.normalise}). Inputs come from a small SCIM grammar whose choices the fuzzer makes (so most
 * inputs are nearly valid), or are raw text. Property: every input ends in success or in a SCIM error with a 4xx
 * status — never any other exception (which the service would answer with a 500), never a StackOverflowError.
 *
 * <p>{@code mvn test} runs the {@code @FuzzTest}s on the seeds under
 * {@code src/test/resources/io/gatehouse/directory/fuzz/ScimRequestFuzzTestInputs} and the fixed-iteration
 * {@link #seededSweep()}; {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class ScimRequestFuzzTest {
    static final long SEED = 20261129L;
    static final int SWEEP_ITERATIONS = Integer.getInteger("fuzz.sweep.iterations", 3000);

    private static final SecurityResults RESULTS =
            new SecurityResults("directory-service", "fuzz-scim", "Fuzzing: SCIM parsing");
    private static final Map<String, Integer> FILTER_OUTCOMES = new TreeMap<>();
    private static final Map<String, Integer> PATCH_OUTCOMES = new TreeMap<>();

    static final List<String> ATTRIBUTES = List.of(
            "userName",
            "externalId",
            "name.givenName",
            "name.familyName",
            "emails",
            "emails.value",
            "emails.type",
            "emails[type eq \"work\"].value",
            "active",
            "displayName",
            "meta.lastModified",
            "meta.created",
            "id",
            "members",
            "members.value",
            "groups",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
            "title",
            "x",
            "");
    static final List<String> OPERATORS =
            List.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "EQ", "xx", "");
    static final List<String> VALUES = List.of(
            "\"jane.doe@acme.test\"",
            "\"\"",
            "true",
            "false",
            "null",
            "0",
            "-1",
            "1.5e308",
            "9999999999999999999999",
            "\"2030-01-01T00:00:00Z\"",
            "\"\\\"\"",
            "\"\\u0000\"",
            "\"a\\\\\"",
            "'x'",
            "[1]",
            "{}",
            "\"unterminated",
            "nul");

    // --- filters -------------------------------------------------------------------------------------------------

    static String filter(Choices c, int depth) {
        int kind = depth > 6 ? c.pick(0, 1) : c.pick(0, 7);
        return switch (kind) {
            case 0 -> c.oneOf(ATTRIBUTES) + " " + c.oneOf(OPERATORS) + " " + c.oneOf(VALUES);
            case 1 -> c.oneOf(ATTRIBUTES) + " pr";
            case 2 -> filter(c, depth + 1) + (c.flag() ? " and " : " or ") + filter(c, depth + 1);
            case 3 -> "not (" + filter(c, depth + 1) + ")";
            case 4 -> "(" + filter(c, depth + 1) + ")";
            case 5 -> c.oneOf(List.of("emails", "members", "addresses", "name")) + "[" + filter(c, depth + 1) + "]";
            case 6 -> "(".repeat(c.pick(1, 3000)) + "userName pr" + ")".repeat(c.pick(0, 3000));
            default -> c.text(48);
        };
    }

    static String listOutcome(Choices c) {
        String filter = c.pick(0, 9) == 0 ? c.text(64) : filter(c, 0);
        String start = c.oneOf(List.of("", "1", "0", "-5", "2147483648", "x", " 3 "));
        String count = c.oneOf(List.of("", "10", "0", "-1", "100000", "1e3"));
        return ScimRequests.outcome(
                "filter=" + filter + " startIndex=" + start + " count=" + count,
                () -> ScimRequests.list(filter, start, count));
    }

    // --- PATCH ---------------------------------------------------------------------------------------------------

    static final List<String> PATHS = List.of(
            "active",
            "userName",
            "externalId",
            "name.givenName",
            "name",
            "emails",
            "emails[type eq \"work\"].value",
            "emails[value eq \"jane.doe@acme.test\"]",
            "members",
            "members[value eq \"x\"]",
            "displayName",
            "id",
            "meta",
            "meta.created",
            "schemas",
            "password",
            "groups",
            "urn:ietf:params:scim:schemas:core:2.0:User:active",
            "name.givenName.x",
            "emails[",
            "[]",
            ".",
            "");

    static Object value(Choices c, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (depth > 3 ? c.pick(0, 5) : c.pick(0, 8)) {
            case 0 -> f.textNode(c.flag() ? c.text(16) : "x@acme.test");
            case 1 -> f.booleanNode(c.flag());
            case 2 -> f.textNode(c.oneOf(List.of("True", "false", "yes", "")));
            case 3 -> f.nullNode();
            case 4 -> f.numberNode(c.pick(Integer.MIN_VALUE, Integer.MAX_VALUE));
            case 5 -> f.numberNode(1.0e300 * c.pick(-2, 2));
            case 6 -> {
                ArrayNode a = f.arrayNode();
                for (int i = c.pick(0, 3); i > 0; i--) {
                    a.add((com.fasterxml.jackson.databind.JsonNode) value(c, depth + 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = f.objectNode();
                for (int i = c.pick(0, 3); i > 0; i--) {
                    String key = c.flag()
                            ? c.oneOf(List.of(
                                    "userName",
                                    "active",
                                    "name",
                                    "givenName",
                                    "value",
                                    "externalId",
                                    "emails",
                                    "schemas",
                                    "id",
                                    "type",
                                    "primary"))
                            : c.text(8);
                    o.set(key, (com.fasterxml.jackson.databind.JsonNode) value(c, depth + 1));
                }
                yield o;
            }
        };
    }

    static String patchBody(Choices c) {
        if (c.pick(0, 9) == 0) {
            return c.text(128);
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode body = f.objectNode();
        if (c.pick(0, 5) != 0) {
            body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        }
        ArrayNode ops = body.putArray(c.pick(0, 7) == 0 ? "operations" : "Operations");
        for (int i = c.pick(0, 9) == 0 ? 0 : c.pick(1, 3); i > 0; i--) {
            ObjectNode op = ops.addObject();
            op.put(
                    "op",
                    c.pick(0, 9) == 0
                            ? c.oneOf(List.of("move", "", "delete"))
                            : c.oneOf(List.of("add", "remove", "replace", "Replace", "ADD")));
            switch (c.pick(0, 5)) {
                case 0 -> {}
                case 1, 2, 3 -> op.put("path", c.oneOf(PATHS));
                case 4 -> op.put("path", c.flag() ? filter(c, 3) : "members[" + filter(c, 3) + "]");
                default -> op.put("path", c.text(24));
            }
            if (c.pick(0, 4) != 0) {
                op.set("value", (com.fasterxml.jackson.databind.JsonNode) value(c, 0));
            }
        }
        String json = body.toString();
        return c.pick(0, 9) == 0 && !json.isEmpty() ? json.substring(0, c.pick(0, json.length() - 1)) : json;
    }

    static String patchOutcome(Choices c) {
        String body = patchBody(c);
        return ScimRequests.outcome(body, () -> ScimRequests.patchUser(body));
    }

    // --- tests ---------------------------------------------------------------------------------------------------

    @FuzzTest(maxDuration = "10m")
    void listFilter(FuzzedDataProvider data) {
        listOutcome(Choices.of(data));
    }

    @FuzzTest(maxDuration = "10m")
    void patchBody(FuzzedDataProvider data) {
        patchOutcome(Choices.of(data));
    }

    @FuzzTest(maxDuration = "10m")
    void rawFilterAndPatch(byte[] data) {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        ScimRequests.outcome(text, () -> ScimRequests.list(text, null, null));
        ScimRequests.outcome(text, () -> ScimRequests.patchUser(text));
    }

    @Test
    void seededSweep() {
        for (int i = 0; i < SWEEP_ITERATIONS; i++) {
            Random r = new Random(SEED + i);
            FILTER_OUTCOMES.merge(listOutcome(Choices.of(r)), 1, Integer::sum);
            PATCH_OUTCOMES.merge(patchOutcome(Choices.of(r)), 1, Integer::sum);
        }
        assertTrue(
                FILTER_OUTCOMES.containsKey("ok") && FILTER_OUTCOMES.containsKey("400 invalidFilter"),
                () -> "the sweep should reach both valid and invalid filters: " + FILTER_OUTCOMES);
        assertTrue(
                PATCH_OUTCOMES.containsKey("ok") && PATCH_OUTCOMES.size() > 3,
                () -> "the sweep should reach valid and several invalid PATCHes: " + PATCH_OUTCOMES);
        RESULTS.record(
                "Seeded sweep: " + SWEEP_ITERATIONS + " grammar-generated filters (seed " + SEED + ")",
                "success or SCIM 4xx; never another exception",
                "outcomes " + FILTER_OUTCOMES,
                true);
        RESULTS.record(
                "Seeded sweep: " + SWEEP_ITERATIONS + " grammar-generated PatchOp bodies applied to a User",
                "success or SCIM 4xx; never another exception",
                "outcomes " + PATCH_OUTCOMES,
                true);
    }

    @Test
    void knownGoodRequestsStillWork() throws Throwable {
        assertTrue(ScimRequests.list("userName eq \"jane.doe@acme.test\"", "1", "10"));
        assertEquals(
                "Janet",
                ScimRequests.patchUser("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"name.givenName","value":"Janet"}]}""").get("name").get("givenName").asText());
    }

    @AfterAll
    static void writeResults() {
        RESULTS.record(
                "Jazzer regression inputs (listFilter, patchBody, rawFilterAndPatch)",
                "success or SCIM 4xx; never another exception",
                "all seed inputs passed (a failure fails the build)",
                true);
        RESULTS.write();
    }
}
