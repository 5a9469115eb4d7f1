package io.gatehouse.sso.config;

import jakarta.enterprise.context.ApplicationScoped;

/** SP Entity ID, ACS and metadata URLs of an account, derived from configuration only. */
@ApplicationScoped
public class SpUrls {
    private final String base;

    public SpUrls(SsoConfig config) {
        String url = config.publicBaseUrl();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String base() {
        return base;
    }

    public String spEntityId(String accountId) {
        return base + "/saml/" + accountId + "/metadata";
    }

    public String metadataUrl(String accountId) {
        return spEntityId(accountId);
    }

    public String acsUrl(String accountId) {
        return base + "/saml/" + accountId + "/acs";
    }

    public boolean secure() {
        return base.startsWith("https://");
    }
}
