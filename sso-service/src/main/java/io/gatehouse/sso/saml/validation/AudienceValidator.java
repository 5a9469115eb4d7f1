package io.gatehouse.sso.saml.validation;

import java.util.List;
import java.util.stream.Collectors;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.Conditions;

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
        Conditions conditions = context.assertion().getConditions();
        List<AudienceRestriction> restrictions = conditions == null ? List.of() : conditions.getAudienceRestrictions();
        if (restrictions.isEmpty()) {
            return fail(ErrorCode.AUDIENCE, expected, "no AudienceRestriction", "the Assertion names no audience");
        }
        for (AudienceRestriction restriction : restrictions) {
            List<String> audiences =
                    restriction.getAudiences().stream().map(Audience::getURI).toList();
            if (!audiences.contains(expected)) {
                return fail(
                        ErrorCode.AUDIENCE,
                        expected,
                        String.join(", ", audiences),
                        "the audience is not this account's SP Entity ID");
            }
        }
        return pass(
                expected,
                restrictions.stream()
                        .flatMap(r -> r.getAudiences().stream())
                        .map(Audience::getURI)
                        .distinct()
                        .collect(Collectors.joining(", ")));
    }
}
