package io.gatehouse.simulator.rest.api;

import io.gatehouse.simulator.domain.AppSettings;
import io.gatehouse.simulator.domain.DynamicRule;
import io.gatehouse.simulator.domain.Hop;
import io.gatehouse.simulator.domain.SimApp;
import io.gatehouse.simulator.domain.SimGroup;
import io.gatehouse.simulator.domain.SimUser;
import io.gatehouse.simulator.domain.UserAttribute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JumpCloud's JSON shapes (see docs/design/jumpcloud.md), built as ordered maps. */
public final class JsonViews {

    private JsonViews() {}

    /** A v1 system user. */
    public static Map<String, Object> systemUser(SimUser user, String orgId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", user.id());
        json.put("email", user.email());
        json.put("username", user.username());
        json.put("firstname", user.firstname());
        json.put("lastname", user.lastname());
        json.put("displayname", user.displayname());
        json.put("activated", user.activated());
        json.put("suspended", user.suspended());
        json.put("state", user.state().name());
        json.put("account_locked", user.accountLocked());
        json.put("employeeIdentifier", user.employeeIdentifier());
        json.put("department", user.department());
        json.put("jobTitle", user.jobTitle());
        List<Map<String, Object>> attributes = new ArrayList<>();
        for (UserAttribute attribute : user.attributes()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", attribute.name());
            a.put("value", attribute.value());
            attributes.add(a);
        }
        json.put("attributes", attributes);
        json.put("organization", orgId);
        json.put("created", user.created().toString());
        return json;
    }

    /** The projection of v1 {@code fields}: {@code _id} plus the named fields. */
    public static Map<String, Object> project(Map<String, Object> json, Set<String> fields) {
        if (fields == null || fields.isEmpty()) {
            return json;
        }
        Map<String, Object> projected = new LinkedHashMap<>();
        projected.put("_id", json.get("_id"));
        for (String field : fields) {
            if (json.containsKey(field)) {
                projected.put(field, json.get(field));
            }
        }
        return projected;
    }

    /** A v1 application. */
    public static Map<String, Object> application(SimApp app, String publicUrl) {
        AppSettings s = app.settings();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", app.id());
        json.put("name", s.name());
        json.put("displayName", s.displayLabel());
        json.put("displayLabel", s.displayLabel());
        json.put("active", true);
        json.put("ssoUrl", ssoUrl(publicUrl, s.name()));
        Map<String, Object> sso = new LinkedHashMap<>();
        sso.put("type", "saml");
        sso.put("idpCertExpirationAt", app.activeKey().notAfter().toString());
        json.put("sso", sso);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("idpEntityId", value(s.idpEntityId()));
        config.put("spEntityId", value(s.spEntityId()));
        config.put("acsUrl", value(s.acsUrl()));
        config.put("signAssertion", value(s.sign() != AppSettings.SignMode.RESPONSE));
        config.put("signResponse", value(s.sign() != AppSettings.SignMode.ASSERTION));
        config.put("signatureAlgorithm", value(s.signatureAlgorithm().label()));
        config.put("nameIdFormat", value(s.nameIdFormat()));
        config.put("idpUrl", value(ssoUrl(publicUrl, s.name())));
        config.put("declareRedirectEndpoint", value(s.declareRedirectEndpoint()));
        json.put("config", config);
        return json;
    }

    public static String ssoUrl(String publicUrl, String appName) {
        return publicUrl + "/saml2/" + appName;
    }

    private static Map<String, Object> value(Object value) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("value", value);
        return json;
    }

    /** A v2 GraphConnection: {@code {"attributes":null,"to":{"id","type"}}}. */
    public static Map<String, Object> connection(Hop hop) {
        Map<String, Object> to = new LinkedHashMap<>();
        to.put("id", hop.id());
        to.put("type", hop.type());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("attributes", null);
        json.put("to", to);
        return json;
    }

    /** A v2 GraphObjectWithPaths: {@code {"id","type","compiledAttributes":{},"paths":[[connection…]]}}. */
    public static Map<String, Object> withPaths(String id, String type, List<List<Hop>> paths) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("type", type);
        json.put("compiledAttributes", Map.of());
        List<List<Map<String, Object>>> rendered = new ArrayList<>(paths.size());
        for (List<Hop> path : paths) {
            List<Map<String, Object>> hops = new ArrayList<>(path.size());
            path.forEach(h -> hops.add(connection(h)));
            rendered.add(hops);
        }
        json.put("paths", rendered);
        return json;
    }

    /** A v2 UserGroup. */
    public static Map<String, Object> userGroup(SimGroup group) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", group.id());
        json.put("name", group.name());
        json.put("description", group.description());
        json.put("type", "user_group");
        json.put("membershipMethod", group.membershipMethod());
        json.put("attributes", Map.of());
        json.put("email", "");
        DynamicRule rule = group.dynamicRule();
        if (rule == null) {
            json.put("memberQuery", null);
        } else {
            Map<String, Object> filter = new LinkedHashMap<>();
            filter.put("field", rule.field());
            filter.put("operator", rule.operator());
            filter.put("value", rule.value());
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("queryType", "FilterQuery");
            query.put("filters", List.of(filter));
            json.put("memberQuery", query);
        }
        return json;
    }
}
