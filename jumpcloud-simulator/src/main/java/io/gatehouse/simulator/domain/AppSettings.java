package io.gatehouse.simulator.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin-set configuration of a Custom SAML app (the body of {@code POST /sim/apps} and {@code PUT /sim/apps/{id}}).
 *
 * @param attributes SAML attribute name → JumpCloud user field
 * @param constantAttributes SAML attribute name → fixed value
 * @param groupAttributeName when set, an attribute of that name carries the names of the user's groups
 */
public record AppSettings(
        String name,
        String displayLabel,
        String spEntityId,
        String acsUrl,
        String idpEntityId,
        SignMode sign,
        SignatureAlgorithm signatureAlgorithm,
        String nameIdFormat,
        Map<String, String> attributes,
        Map<String, String> constantAttributes,
        String groupAttributeName,
        boolean declareRedirectEndpoint,
        ScimSettings scim) {

    public static final String EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

    public enum SignMode {
        ASSERTION,
        RESPONSE,
        BOTH
    }

    public enum SignatureAlgorithm {
        RSA_SHA256("RSA-SHA256"),
        RSA_SHA1("RSA-SHA1");

        private final String label;

        SignatureAlgorithm(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static SignatureAlgorithm parse(String value) {
            if (value == null || value.isBlank()) {
                return RSA_SHA256;
            }
            for (SignatureAlgorithm algorithm : values()) {
                if (algorithm.label.equalsIgnoreCase(value) || algorithm.name().equalsIgnoreCase(value)) {
                    return algorithm;
                }
            }
            throw SimException.badRequest("signatureAlgorithm must be RSA-SHA256 or RSA-SHA1");
        }
    }

    /**
     * SCIM push target (the app's Identity Management tab); the token ("Token Key") is write-only.
     * {@code sendExternalId} (default true): whether pushed users carry {@code externalId} = the JumpCloud user id
     * (JumpCloud does not document whether it sends one). {@code groupManagement} (default true): "Enable management
     * of User Groups and Group Membership" — when false only users are pushed. {@code testUserEmail}: the "Test User
     * Email" that Test Connection's test user is created with (the simulator's own address when unset).
     */
    public record ScimSettings(
            String baseUrl, String token, Boolean sendExternalId, Boolean groupManagement, String testUserEmail) {
        public ScimSettings {
            sendExternalId = sendExternalId == null || sendExternalId;
            groupManagement = groupManagement == null || groupManagement;
            testUserEmail = testUserEmail == null || testUserEmail.isBlank() ? null : testUserEmail.trim();
        }

        public ScimSettings(String baseUrl, String token) {
            this(baseUrl, token, true, true, null);
        }
    }

    public AppSettings {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw SimException.badRequest("name is required: letters, digits, '.', '_', '-' (it is the SSO URL path)");
        }
        requireUrl("spEntityId", spEntityId);
        requireUrl("acsUrl", acsUrl);
        if (!acsUrl.startsWith("http://") && !acsUrl.startsWith("https://")) {
            throw SimException.badRequest("acsUrl must be an http(s) URL");
        }
        displayLabel = displayLabel == null || displayLabel.isBlank() ? name : displayLabel;
        idpEntityId = idpEntityId == null || idpEntityId.isBlank() ? "JumpCloud" : idpEntityId;
        sign = sign == null ? SignMode.ASSERTION : sign;
        signatureAlgorithm = signatureAlgorithm == null ? SignatureAlgorithm.RSA_SHA256 : signatureAlgorithm;
        nameIdFormat = nameIdFormat == null || nameIdFormat.isBlank() ? EMAIL_FORMAT : nameIdFormat;
        attributes = attributes == null ? Map.of() : new LinkedHashMap<>(attributes);
        constantAttributes = constantAttributes == null ? Map.of() : new LinkedHashMap<>(constantAttributes);
        if (scim != null) {
            if (scim.baseUrl() == null || !scim.baseUrl().matches("https?://.+")) {
                throw SimException.badRequest("scim.baseUrl must be an http(s) URL");
            }
            if (scim.token() == null || scim.token().isBlank()) {
                throw SimException.badRequest("scim.token is required");
            }
            if (scim.testUserEmail() != null && !scim.testUserEmail().matches("[^@\\s]+@[^@\\s]+")) {
                throw SimException.badRequest("scim.testUserEmail must be an email address");
            }
        }
    }

    private static void requireUrl(String field, String value) {
        if (value == null || value.isBlank()) {
            throw SimException.badRequest(field + " is required");
        }
    }
}
