package io.gatehouse.simulator.fault;

/** What an injected fault does to a matching API request. */
public enum FaultType {
    /** 429 Too Many Requests, with {@code Retry-After} when {@code retryAfterSeconds} is set. */
    RATE_LIMIT,
    /** A 5xx answer ({@code status}, default 503). */
    UNAVAILABLE,
    /** The normal answer after {@code delayMillis}. */
    SLOW,
    /** A list page with {@code dropItems} fewer items than it should have (counts stay true). */
    SHORT_PAGE,
    /** A list page whose {@code totalCount} / {@code X-Total-Count} is off by {@code totalCountDelta}. */
    WRONG_TOTAL
}
