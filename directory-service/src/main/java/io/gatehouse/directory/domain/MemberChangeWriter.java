package io.gatehouse.directory.domain;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.MemberUpdated;
import io.gatehouse.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes changes to the member snapshot and their membership events through the outbox, in the caller's
 * transaction: a change is in the snapshot if and only if its event is in the outbox. The rows a change takes over
 * ({@link PlannedChange#replaces()}) are deleted first; the person's event carries the key that stays.
 */
@ApplicationScoped
public class MemberChangeWriter {
    private final MemberSnapshotStore store;
    private final Outbox outbox;
    private final Clock clock;

    public MemberChangeWriter(MemberSnapshotStore store, Outbox outbox, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void write(String accountId, List<PlannedChange> changes, MemberSource source) {
        Instant now = clock.instant();
        List<MemberState> upserts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (PlannedChange c : changes) {
            if (c.replaces() != null) {
                deletes.addAll(c.replaces());
            }
            if (c.kind() == ChangeKind.REVOKE) {
                deletes.add(c.externalId());
            } else {
                upserts.add(c.state());
            }
        }
        store.delete(accountId, deletes);
        store.upsert(accountId, upserts, source, now);
        outbox.publishAll(
                changes.stream().map(c -> toEvent(now, accountId, c, source)).toList());
    }

    static GatehouseEvent toEvent(Instant at, String accountId, PlannedChange c, MemberSource source) {
        return switch (c.kind()) {
            case GRANT ->
                MemberGranted.of(
                        at,
                        accountId,
                        c.externalId(),
                        c.email(),
                        c.firstName(),
                        c.lastName(),
                        c.groups(),
                        c.role(),
                        Boolean.TRUE.equals(c.roleFromGroup()),
                        source);
            case UPDATE ->
                MemberUpdated.of(
                        at,
                        accountId,
                        c.externalId(),
                        c.email(),
                        c.firstName(),
                        c.lastName(),
                        c.groups(),
                        c.role(),
                        Boolean.TRUE.equals(c.roleFromGroup()),
                        source);
            case REVOKE -> MemberRevoked.of(at, accountId, c.externalId(), c.email(), c.reason(), source);
        };
    }
}
