package io.gatehouse.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Every Gatehouse event. The JSON property {@code eventType} selects the record; unknown properties are ignored
 * so that additive changes inside a schema version stay compatible.
 */
@JsonTypeInfo(
        use = JsonTypeInfo.Id.NAME,
        include = JsonTypeInfo.As.EXISTING_PROPERTY,
        property = "eventType",
        visible = true)
@JsonSubTypes({
    @JsonSubTypes.Type(value = AccountUpserted.class, name = AccountUpserted.TYPE),
    @JsonSubTypes.Type(value = LoginSucceeded.class, name = LoginSucceeded.TYPE),
    @JsonSubTypes.Type(value = LoginFailed.class, name = LoginFailed.TYPE),
    @JsonSubTypes.Type(value = MemberGranted.class, name = MemberGranted.TYPE),
    @JsonSubTypes.Type(value = MemberUpdated.class, name = MemberUpdated.TYPE),
    @JsonSubTypes.Type(value = MemberRevoked.class, name = MemberRevoked.TYPE),
    @JsonSubTypes.Type(value = UserProvisioned.class, name = UserProvisioned.TYPE),
    @JsonSubTypes.Type(value = UserRoleChanged.class, name = UserRoleChanged.TYPE),
    @JsonSubTypes.Type(value = UserRevoked.class, name = UserRevoked.TYPE),
    @JsonSubTypes.Type(value = UserRestored.class, name = UserRestored.TYPE)
})
public sealed interface GatehouseEvent
        permits AccountUpserted,
                LoginSucceeded,
                LoginFailed,
                MemberGranted,
                MemberUpdated,
                MemberRevoked,
                UserProvisioned,
                UserRoleChanged,
                UserRevoked,
                UserRestored {

    int SCHEMA_VERSION = 1;

    UUID eventId();

    String eventType();

    int schemaVersion();

    Instant occurredAt();

    String accountId();

    /** The topic this event is published on. */
    @JsonIgnore
    String topic();

    /** The Kafka key: the aggregate the event belongs to, so events of one aggregate stay in order. */
    @JsonIgnore
    String key();

    /** Key for per-person topics: accountId and the lower-cased email. */
    static String personKey(String accountId, String email) {
        return accountId + ":" + (email == null ? "" : email.toLowerCase(Locale.ROOT));
    }

    static UUID newId() {
        return UUID.randomUUID();
    }
}
