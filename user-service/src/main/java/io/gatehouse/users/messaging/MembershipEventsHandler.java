package io.gatehouse.users.messaging;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberUpdated;
import io.gatehouse.events.Topics;
import io.gatehouse.platform.messaging.ConsumedRecord;
import io.gatehouse.platform.messaging.EventBatches;
import io.gatehouse.platform.messaging.EventHandler;
import io.gatehouse.users.domain.ApplyMembership;
import io.gatehouse.users.domain.InvalidEventDataException;
import io.gatehouse.users.domain.UserRepository;
import io.gatehouse.users.domain.UserRepository.MemberKey;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code gatehouse.directory.members.v1}: grants, updates and revocations from the directory sync and
 * SCIM. Any other event type on the topic is rejected (dead-lettered by the platform). Before a poll batch is
 * applied, the users of all its members are looked up and locked in one query.
 */
@ApplicationScoped
public class MembershipEventsHandler implements EventHandler {
    private final EventBatches batches;
    private final ApplyMembership applyMembership;
    private final UserRepository users;

    public MembershipEventsHandler(ApplyMembership applyMembership, UserRepository users, EventBatches batches) {
        this.batches = batches;
        this.applyMembership = applyMembership;
        this.users = users;
    }

    @Override
    public void beforeBatch(List<GatehouseEvent> events) {
        List<MemberKey> members = new ArrayList<>(events.size());
        for (GatehouseEvent event : events) {
            MemberKey key = key(event);
            // malformed members are left to handle(), which refuses them with the reason
            if (key != null && event.accountId() != null && key.email() != null) {
                members.add(key);
            }
        }
        users.lockMembers(members);
    }

    private static MemberKey key(GatehouseEvent event) {
        if (event instanceof MemberGranted e) {
            return new MemberKey(e.accountId(), e.externalId(), e.email());
        } else if (event instanceof MemberUpdated e) {
            return new MemberKey(e.accountId(), e.externalId(), e.email());
        } else if (event instanceof MemberRevoked e) {
            return new MemberKey(e.accountId(), e.externalId(), e.email());
        }
        return null;
    }

    @Override
    public String name() {
        return "members";
    }

    /** Each poll batch of the {@code members} channel (mp.messaging.incoming.members.*), applied in one transaction. */
    @Incoming("members")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return batches.apply(this, batch);
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
