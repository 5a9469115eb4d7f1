package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SAML core §2.5.1.4 and profiles §4.1.4.2: at least one AudienceRestriction, and every AudienceRestriction
 * contains our SP Entity ID (exact match).
 */
public final class AudienceValidator implements SamlRule {
    @Override
    public String name() {
        return "audience";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        String expected = context.expectations().spEntityId();
        Saml2.Conditions conditions = context.assertion().conditions();
        List<List<String>> restrictions = conditions == null ? List.of() : conditions.audienceRestrictions();
        if (restrictions.isEmpty()) {
            return fail(ErrorCode.AUDIENCE, expected, "no AudienceRestriction", "the Assertion names no audience");
        }
        for (List<String> audiences : restrictions) {
            if (!audiences.contains(expected)) {
                return fail(
                        ErrorCode.AUDIENCE,
                        expected,
                        audiences.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                        "the audience is not this account's SP Entity ID");
            }
        }
        return pass(
                expected,
                restrictions.stream()
                        .flatMap(List::stream)
                        .map(String::valueOf)
                        .distinct()
                        .collect(Collectors.joining(", ")));
    }
}
