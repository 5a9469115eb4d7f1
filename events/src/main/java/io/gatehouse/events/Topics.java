package io.gatehouse.events;

/** Kafka topic names. A breaking change to an event is a new {@code .v2} topic, never an edit here. */
public final class Topics {
    /** AccountUpserted; produced by user-service, key = accountId. */
    public static final String ACCOUNTS = "gatehouse.accounts.v1";
    /** LoginSucceeded, LoginFailed; produced by sso-service, key = accountId + ':' + lower-cased email. */
    public static final String SSO_LOGINS = "gatehouse.sso.logins.v1";
    /** MemberGranted, MemberUpdated, MemberRevoked; produced by directory-service, key = accountId + ':' + lower-cased email. */
    public static final String DIRECTORY_MEMBERS = "gatehouse.directory.members.v1";
    /** UserProvisioned, UserRoleChanged, UserRevoked, UserRestored; produced by user-service, key = accountId + ':' + userId. */
    public static final String USERS = "gatehouse.users.v1";

    /** Suffix of the dead-letter topic of each topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    private Topics() {}
}
