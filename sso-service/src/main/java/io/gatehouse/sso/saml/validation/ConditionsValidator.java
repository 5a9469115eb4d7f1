package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * SAML core §2.5.1 ("if the SAML relying party does not understand a condition … the assertion MUST be
 * considered indeterminate"): only AudienceRestriction, OneTimeUse (at most one) and ProxyRestriction are
 * understood; any other condition refuses the assertion.
 */
public final class ConditionsValidator implements SamlRule {
    private static final Set<String> UNDERSTOOD = Set.of("AudienceRestriction", "OneTimeUse", "ProxyRestriction");

    @Override
    public String name() {
        return "conditions";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        Saml2.Conditions conditions = context.assertion().conditions();
        if (conditions == null) {
            return fail(ErrorCode.STRUCTURE, "Conditions", "none", "the Assertion has no Conditions");
        }
        int oneTimeUse = 0;
        Element dom = conditions.dom();
        if (dom == null) {
            return fail(ErrorCode.STRUCTURE, "parsed Conditions", "no DOM", "the Conditions were not parsed");
        }
        {
            for (Node child = dom.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child.getNodeType() != Node.ELEMENT_NODE) {
                    continue;
                }
                String name = "{" + child.getNamespaceURI() + "}" + child.getLocalName();
                if (!Saml2.ASSERTION_NS.equals(child.getNamespaceURI()) || !UNDERSTOOD.contains(child.getLocalName())) {
                    return fail(ErrorCode.STRUCTURE, "only " + UNDERSTOOD, name, "unknown condition");
                }
                if ("OneTimeUse".equals(child.getLocalName())) {
                    oneTimeUse++;
                }
            }
        }
        if (oneTimeUse > 1) {
            return fail(
                    ErrorCode.STRUCTURE,
                    "at most one OneTimeUse",
                    oneTimeUse + " OneTimeUse",
                    "repeated OneTimeUse condition");
        }
        return pass("only " + UNDERSTOOD, "understood conditions");
    }
}
