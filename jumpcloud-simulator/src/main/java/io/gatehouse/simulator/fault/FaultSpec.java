package io.gatehouse.simulator.fault;

import io.gatehouse.simulator.domain.SimException;

/**
 * The body of {@code POST /sim/faults}.
 *
 * @param pathPrefix request paths (without query) starting with it are affected; default {@code /api}
 * @param count how many matching requests the fault affects; default 1
 */
public record FaultSpec(
        FaultType type,
        String pathPrefix,
        Integer count,
        Integer retryAfterSeconds,
        Integer status,
        Long delayMillis,
        Integer dropItems,
        Integer totalCountDelta) {

    public FaultSpec {
        if (type == null) {
            throw SimException.badRequest("type is required: RATE_LIMIT, UNAVAILABLE, SLOW, SHORT_PAGE or WRONG_TOTAL");
        }
        pathPrefix = pathPrefix == null || pathPrefix.isBlank() ? "/api" : pathPrefix;
        if (!pathPrefix.startsWith("/")) {
            throw SimException.badRequest("pathPrefix must start with /");
        }
        count = count == null ? 1 : count;
        if (count < 1) {
            throw SimException.badRequest("count must be at least 1");
        }
        if (retryAfterSeconds != null && retryAfterSeconds < 0) {
            throw SimException.badRequest("retryAfterSeconds must not be negative");
        }
        if (type == FaultType.UNAVAILABLE) {
            status = status == null ? 503 : status;
            if (status < 500 || status > 599) {
                throw SimException.badRequest("status must be 5xx");
            }
        }
        if (type == FaultType.SLOW) {
            delayMillis = delayMillis == null ? 1000L : delayMillis;
            if (delayMillis < 0 || delayMillis > 120_000) {
                throw SimException.badRequest("delayMillis must be within 0..120000");
            }
        }
        if (dropItems != null && dropItems < 1) {
            throw SimException.badRequest("dropItems must be at least 1");
        }
        if (type == FaultType.WRONG_TOTAL) {
            totalCountDelta = totalCountDelta == null ? 1 : totalCountDelta;
        }
    }
}
