package io.gatehouse.platform.limits;

import java.time.Duration;

/** One endpoint class's limits: requests per client address and per account within {@code window}. */
public record Limit(int perAddress, int perAccount, Duration window) {
    public Limit {
        if (perAddress < 1 || perAccount < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(
                    "abuse limits must be positive: " + perAddress + "/" + perAccount + " per " + window);
        }
    }

    static Limit of(AbuseLimitsConfig config, EndpointClass endpoint) {
        return switch (endpoint) {
            case LOGIN ->
                new Limit(
                        config.login().perAddress(),
                        config.login().perAccount(),
                        config.login().window());
            case ACS ->
                new Limit(
                        config.acs().perAddress(),
                        config.acs().perAccount(),
                        config.acs().window());
            case CONSOLE_API ->
                new Limit(
                        config.consoleApi().perAddress(),
                        config.consoleApi().perAccount(),
                        config.consoleApi().window());
            case SCIM ->
                new Limit(
                        config.scim().perAddress(),
                        config.scim().perAccount(),
                        config.scim().window());
            case ADMIN_API ->
                new Limit(
                        config.adminApi().perAddress(),
                        config.adminApi().perAccount(),
                        config.adminApi().window());
        };
    }
}
