package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.domainFor;
import static io.gatehouse.sso.it.Fixture.outbox;
import static io.gatehouse.sso.it.Fixture.postAcs;
import static io.gatehouse.sso.it.Fixture.readyAccount;
import static io.gatehouse.sso.it.SamlFlows.responseFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.LoginFailed;
import io.gatehouse.sso.domain.UnverifiedAcsFailures;
import io.gatehouse.sso.saml.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A flood of unauthenticated junk at one account's ACS writes no LoginFailed per request (so no audit row each in
 * user-service): refusals before the signature check are counted and go out as one aggregate per account and code
 * with its count. A refusal after a verified signature keeps its own LoginFailed.
 */
@io.quarkus.test.junit.QuarkusTest
class UnverifiedAcsFloodTest {
    private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");

    /** LoginFailed rows of the account written per request (an aggregate carries a count and no reference). */
    private static List<String> perRequest(String accountId) {
        return outbox(LoginFailed.TYPE, "\"accountId\":\"" + accountId + "\"").stream()
                .filter(p -> !p.contains("\"count\""))
                .toList();
    }

    private static int aggregated(String accountId) {
        int sum = 0;
        for (String p : outbox(LoginFailed.TYPE, "\"accountId\":\"" + accountId + "\"")) {
            Matcher m = COUNT.matcher(p);
            if (m.find()) {
                sum += Integer.parseInt(m.group(1));
            }
        }
        return sum;
    }

    @Test
    void acsWhenFloodedWithUnauthenticatedJunkThenNoPerRequestFailureEventsOnlyOneAggregatePerCode() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String email = "x-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
        String forged = responseFor(accountId, email).keys(TestKeys.attacker()).base64();
        String unknownIssuer =
                responseFor(accountId, email).issuer("https://evil.example/idp").base64();
        String notXml = Base64.getEncoder().encodeToString("<<not xml".getBytes());
        for (int i = 0; i < 200; i++) {
            String junk = switch (i % 4) {
                case 0 -> "%%%not-base64";
                case 1 -> notXml;
                case 2 -> forged;
                default -> unknownIssuer;
            };
            int status = postAcs(accountId, junk, null).statusCode();
            assertTrue(status == 400 || status == 403, "junk " + i + " answered " + status);
        }
        assertEquals(List.of(), perRequest(accountId), "one LoginFailed (and audit row) per junk request");

        Arc.container().instance(UnverifiedAcsFailures.class).get().flush();
        assertEquals(200, aggregated(accountId), "the aggregates sum up every refusal");
        int aggregates =
                outbox(LoginFailed.TYPE, "\"accountId\":\"" + accountId + "\"").size();
        assertTrue(aggregates >= 1 && aggregates <= 8, "one aggregate per code (and flush), got " + aggregates);
        double counted = Arc.container()
                .instance(MeterRegistry.class)
                .get()
                .find("gatehouse.sso.acs.unverified_refusals")
                .tag("account", accountId)
                .counters()
                .stream()
                .mapToDouble(c -> c.count())
                .sum();
        assertEquals(200.0, counted);
    }

    @Test
    void acsWhenSignatureVerifiedButLaterRuleFailsThenFailureStillAuditedPerRequest() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String email = "y-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
        String wrongAudience = responseFor(accountId, email)
                .audiences(List.of(List.of("https://wrong.example/sp")))
                .base64();
        postAcs(accountId, wrongAudience, null).then().statusCode(400);
        List<String> rows = perRequest(accountId);
        assertEquals(1, rows.size(), "a signed response refused later is one LoginFailed: " + rows);
        assertTrue(rows.get(0).contains("\"code\":\"audience\"") && rows.get(0).contains("referenceId"), rows.get(0));
    }
}
