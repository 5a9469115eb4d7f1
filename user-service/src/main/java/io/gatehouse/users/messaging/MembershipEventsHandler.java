package io.gatehouse.users.messaging;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberUpdated;
import io.gatehouse.events.Topics;
import io.gatehouse.platform.messaging.ConsumedRecord;
import io.gatehouse.platform.messaging.EventHandler;
import io.gatehouse.users.domain.ApplyMembership;
import io.gatehouse.users.domain.InvalidEventDataException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Consumes {@code gatehouse.directory.members.v1}: grants, updates and revocations from the directory sync and
 * SCIM. Any other event type on the topic is rejected (dead-lettered by the platform).
 */
@ApplicationScoped
public class MembershipEventsHandler implements EventHandler {
    private final ApplyMembership applyMembership;

    public MembershipEventsHandler(ApplyMembership applyMembership) {
        this.applyMembership = applyMembership;
    }

    @Override
    public String name() {
        return "members";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.DIRECTORY_MEMBERS);
    }

    @Override
    public void handle(GatehouseEvent event, ConsumedRecord meta) {
        if (event instanceof MemberGranted granted) {
            applyMembership.granted(granted);
        } else if (event instanceof MemberUpdated updated) {
            applyMembership.updated(updated);
        } else if (event instanceof MemberRevoked revoked) {
            applyMembership.revoked(revoked);
        } else {
            throw new InvalidEventDataException("unexpected " + event.eventType() + " on " + Topics.DIRECTORY_MEMBERS);
        }
    }
}
