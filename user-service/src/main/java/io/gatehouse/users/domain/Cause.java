package io.gatehouse.users.domain;

import java.util.UUID;

/**
 * Why a change happened, for the audit trail: the actor ({@code operator}, a user id, {@code directory} or
 * {@code sso}), the event that caused it (null for API calls) and a short reason.
 */
public record Cause(String actor, UUID eventId, String reason) {
    public static final String DIRECTORY = "directory";
    public static final String SSO = "sso";
    public static final String OPERATOR = "operator";

    public Cause withReason(String newReason) {
        return new Cause(actor, eventId, newReason);
    }
}
