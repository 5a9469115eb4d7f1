package io.gatehouse.simulator.rest.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.simulator.domain.AppSettings;
import io.gatehouse.simulator.domain.SimException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Body of {@code POST /sim/apps} and {@code PUT /sim/apps/{id}}: {@code {"name", "displayLabel"?, "spEntityId",
 * "acsUrl", "idpEntityId"?, "sign"?: "ASSERTION"|"RESPONSE"|"BOTH", "signatureAlgorithm"?: "RSA-SHA256"|"RSA-SHA1",
 * "nameIdFormat"?, "attributes"?: {samlName: userField}, "constantAttributes"?: {samlName: value},
 * "groupAttributeName"?, "declareRedirectEndpoint"?: bool, "scim"?: {"baseUrl","token","sendExternalId"?: bool (default true)}, "groupIds"?: [gid…]}}.
 */
public record AppRequest(
        @JsonProperty("_id") String id,
        String name,
        String displayLabel,
        String spEntityId,
        String acsUrl,
        String idpEntityId,
        String sign,
        String signatureAlgorithm,
        String nameIdFormat,
        Map<String, String> attributes,
        Map<String, String> constantAttributes,
        String groupAttributeName,
        Boolean declareRedirectEndpoint,
        AppSettings.ScimSettings scim,
        List<String> groupIds) {

    public AppSettings toSettings() {
        AppSettings.SignMode mode = null;
        if (sign != null) {
            try {
                mode = AppSettings.SignMode.valueOf(sign.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw SimException.badRequest("sign must be ASSERTION, RESPONSE or BOTH");
            }
        }
        return new AppSettings(
                name,
                displayLabel,
                spEntityId,
                acsUrl,
                idpEntityId,
                mode,
                AppSettings.SignatureAlgorithm.parse(signatureAlgorithm),
                nameIdFormat,
                attributes,
                constantAttributes,
                groupAttributeName,
                Boolean.TRUE.equals(declareRedirectEndpoint),
                scim);
    }
}
