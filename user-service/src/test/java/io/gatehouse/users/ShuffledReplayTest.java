package io.gatehouse.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.LoginFlow;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.MemberUpdated;
import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import io.gatehouse.events.Topics;
import io.gatehouse.testsupport.ConsumerLag;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.users.domain.ApplyLogin;
import io.gatehouse.users.domain.ApplyMembership;
import io.gatehouse.users.domain.User;
import io.gatehouse.users.domain.UserRepository;
import io.gatehouse.users.support.Api;
import io.gatehouse.users.support.AuthResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A few thousand login and membership events for a few hundred users, generated with a fixed seed. Applied once
 * in occurredAt order (reference account, straight through the use cases) and, for a second account, published
 * through Kafka with every event delivered twice (each stream replayed after itself, as after a consumer
 * rewind) and the streams of all users and both sources randomly interleaved, in one burst so the consumer
 * takes them in large poll batches. Only the order inside one
 * user's stream from one source is kept, as Kafka keeps it per key. Both accounts must end in the same state.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(AuthResource.class)
class ShuffledReplayTest {
    private static final long SEED = 20260601L;
    private static final int USERS = 240;
    private static final String IN_ORDER = "replay-in-order";
    private static final String SHUFFLED = "replay-shuffled";
    private static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");
    private static final List<String> GROUPS = List.of("Admins", "Supervisors", "Agents", "Everyone");
    private static final List<String> FIRST = List.of("Ada", "Grace", "Alan", "Linus", "Barbara", "Ken");
    private static final List<String> LAST = List.of("Lovelace", "Hopper", "Turing", "Torvalds", "Liskov", "Thompson");

    @Inject
    ApplyLogin applyLogin;

    @Inject
    ApplyMembership applyMembership;

    @Inject
    UserRepository users;

    /** One generated event, instantiable for any account, with its user and source stream. */
    private record Step(int user, boolean login, Instant at, Function<String, GatehouseEvent> make) {}

    @Test
    void replayedAndShuffledEventsEndInTheSameStateAsInOrderApplication() {
        Api.createAccount(IN_ORDER);
        Api.createAccount(SHUFFLED);
        List<Step> steps = generate(new Random(SEED));
        assertThat(steps.size()).isBetween(2000, 4000);

        // reference: one event at a time, in occurredAt order
        steps.stream()
                .sorted(Comparator.comparing(Step::at))
                .forEach(s -> apply(s.make().apply(IN_ORDER)));

        // shuffled: per-(user, source) streams, each followed by its replay, randomly interleaved
        Map<String, LinkedList<GatehouseEvent>> streams = new LinkedHashMap<>();
        for (Step s : steps) {
            streams.computeIfAbsent(s.user() + (s.login() ? "/login" : "/directory"), k -> new LinkedList<>())
                    .add(s.make().apply(SHUFFLED));
        }
        streams.values().forEach(stream -> stream.addAll(new ArrayList<>(stream)));
        List<LinkedList<GatehouseEvent>> open = new ArrayList<>(streams.values());
        Random shuffle = new Random(SEED + 1);
        List<GatehouseEvent> interleaved = new ArrayList<>();
        while (!open.isEmpty()) {
            int i = shuffle.nextInt(open.size());
            interleaved.add(open.get(i).removeFirst());
            if (open.get(i).isEmpty()) {
                open.remove(i);
            }
        }
        assertThat(interleaved).hasSize(2 * steps.size());
        // one burst: the consumer applies them in poll batches of hundreds, each user of a batch looked up in
        // one query, with an event and its replay often in the same batch
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publishAll(interleaved);
        }
        assertThat(ConsumerLag.awaitCaughtUp("user-service.members", Topics.DIRECTORY_MEMBERS, Duration.ofMinutes(3)))
                .isZero();
        assertThat(ConsumerLag.awaitCaughtUp("user-service.logins", Topics.SSO_LOGINS, Duration.ofMinutes(3)))
                .isZero();

        Map<String, String> expected = state(IN_ORDER);
        Map<String, String> actual = state(SHUFFLED);
        assertThat(expected).hasSize(USERS);
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
        // the scenario exercised what it should: revocations, restorations, both sources, several roles
        assertThat(expected.values()).anyMatch(v -> v.contains("status=REVOKED"));
        assertThat(expected.values()).anyMatch(v -> v.contains("statusReason=GRANTED"));
        assertThat(expected.values()).anyMatch(v -> v.contains("source=SSO"));
        assertThat(expected.values()).anyMatch(v -> v.contains("source=SCIM"));
        assertThat(expected.values()).anyMatch(v -> v.contains("role=ADMIN"));
    }

    private void apply(GatehouseEvent e) {
        if (e instanceof LoginSucceeded l) {
            applyLogin.apply(l);
        } else if (e instanceof MemberGranted g) {
            applyMembership.granted(g);
        } else if (e instanceof MemberUpdated u) {
            applyMembership.updated(u);
        } else {
            applyMembership.revoked((MemberRevoked) e);
        }
    }

    /** Every user's state, except ids and processing times, keyed by lower-cased email. */
    private Map<String, String> state(String accountId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, String> out = new TreeMap<>();
            for (User u : users.list("accountId", accountId)) {
                out.put(
                        u.email().toLowerCase(Locale.ROOT),
                        "email=" + u.email() + " first=" + u.firstName()
                                + " last=" + u.lastName() + " externalId=" + u.externalId() + " nameId=" + u.nameId()
                                + " role=" + u.role() + "/" + u.roleProvenance() + " mapped=" + u.mappedRole() + "/"
                                + u.mappedRoleProvenance() + " manual=" + u.manualRole() + " groups=" + u.groups()
                                + " status=" + u.status() + " statusReason=" + u.statusReason() + " statusChangedAt="
                                + u.statusChangedAt() + " source=" + u.source() + " lastLoginAt=" + u.lastLoginAt()
                                + " lastDirectoryEventAt=" + u.lastDirectoryEventAt() + " lastLoginEventAt="
                                + u.lastLoginEventAt());
            }
            return out;
        });
    }

    private static List<Step> generate(Random rnd) {
        List<Step> steps = new ArrayList<>();
        for (int user = 0; user < USERS; user++) {
            String email = "u" + user + "@replay.test";
            String externalId = "jc-" + user;
            boolean directory = rnd.nextInt(10) < 8;
            boolean logins = !directory || rnd.nextInt(10) < 7;
            int count = 6 + rnd.nextInt(9);
            boolean granted = false;
            boolean active = false;
            Instant at = T0.plusSeconds(user * 3L);
            for (int j = 0; j < count; j++) {
                at = at.plusSeconds(1 + rnd.nextInt(600));
                Instant when = at;
                String first = FIRST.get(rnd.nextInt(FIRST.size()));
                String last = LAST.get(rnd.nextInt(LAST.size()));
                String cased = rnd.nextBoolean() ? email : "U" + email.substring(1);
                boolean useLogin = logins && (!directory || rnd.nextInt(10) < 4);
                final int u = user;
                if (useLogin) {
                    Role defaultRole = rnd.nextBoolean() ? Role.AGENT : Role.SUPERVISOR;
                    String nameId = cased + "#" + j;
                    steps.add(new Step(
                            u,
                            true,
                            when,
                            acc -> LoginSucceeded.of(
                                    when,
                                    acc,
                                    nameId,
                                    cased,
                                    first,
                                    last,
                                    "jumpcloud",
                                    LoginFlow.SP_INITIATED,
                                    defaultRole)));
                    continue;
                }
                MemberSource source = rnd.nextInt(10) == 0 ? MemberSource.SCIM : MemberSource.SYNC;
                if (!granted || !active) {
                    List<String> groups = groups(rnd);
                    Role role = mapped(groups);
                    steps.add(new Step(
                            u,
                            false,
                            when,
                            acc -> MemberGranted.of(
                                    when,
                                    acc,
                                    externalId,
                                    cased,
                                    first,
                                    last,
                                    groups,
                                    role == null ? Role.AGENT : role,
                                    role != null,
                                    source)));
                    granted = true;
                    active = true;
                } else if (rnd.nextInt(10) < 7) {
                    List<String> groups = groups(rnd);
                    Role role = mapped(groups);
                    steps.add(new Step(
                            u,
                            false,
                            when,
                            acc -> MemberUpdated.of(
                                    when,
                                    acc,
                                    externalId,
                                    cased,
                                    first,
                                    last,
                                    groups,
                                    role == null ? Role.AGENT : role,
                                    role != null,
                                    source)));
                } else {
                    RevocationReason reason = RevocationReason.values()[rnd.nextInt(5)];
                    steps.add(new Step(
                            u, false, when, acc -> MemberRevoked.of(when, acc, externalId, cased, reason, source)));
                    active = false;
                }
            }
        }
        return steps;
    }

    private static List<String> groups(Random rnd) {
        List<String> out = new ArrayList<>();
        for (String g : GROUPS) {
            if (rnd.nextInt(3) == 0) {
                out.add(g);
            }
        }
        return out;
    }

    /** Admins → ADMIN, Supervisors → SUPERVISOR, Agents → AGENT, highest wins; null when no group maps. */
    private static Role mapped(List<String> groups) {
        Role role = null;
        if (groups.contains("Agents")) {
            role = Role.AGENT;
        }
        if (groups.contains("Supervisors")) {
            role = Role.highest(role, Role.SUPERVISOR);
        }
        if (groups.contains("Admins")) {
            role = Role.highest(role, Role.ADMIN);
        }
        return role;
    }
}
