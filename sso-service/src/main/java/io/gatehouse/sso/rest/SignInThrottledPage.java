package io.gatehouse.sso.rest;

import io.gatehouse.platform.limits.ThrottledPage;
import jakarta.enterprise.context.ApplicationScoped;

/** The 429 page of login start and the ACS, in the sign-in pages' look (the platform filter adds the headers). */
@ApplicationScoped
public class SignInThrottledPage implements ThrottledPage {
    @Override
    public String html(long retryAfterSeconds) {
        return Pages.throttled(retryAfterSeconds).render();
    }
}
