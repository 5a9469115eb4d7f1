package io.gatehouse.testsupport;

import io.gatehouse.events.CloudEventHeaders;
import io.gatehouse.events.EventJson;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.MemberUpdated;
import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The membership-event load of the event-application benchmarks (user-service's {@code MembershipEventsBenchmark}
 * and the benchmarks module's event scenario): for each user the four events directory-service publishes over a
 * member's life — granted (Agents, AGENT), updated (Agents and Admins, ADMIN), updated (Admins, last name changed),
 * revoked (removed from the group) — and a batching producer that publishes them as the services do (CloudEvents
 * headers).
 */
public final class MembershipEvents {
    private MembershipEvents() {}

    /**
     * Four events per user {@code user<i>@<account>.test} (external id {@code <account>-<i>}); user {@code i}'s
     * first event at {@code t0 + i × step}, the next ones 10, 20 and 30 s later.
     */
    public static List<GatehouseEvent> lifecycles(String account, int users, Instant t0, Duration step) {
        List<GatehouseEvent> events = new ArrayList<>(users * 4);
        for (int i = 0; i < users; i++) {
            String email = "user" + i + "@" + account + ".test";
            String ext = account + "-" + i;
            Instant at = t0.plus(step.multipliedBy(i));
            events.add(MemberGranted.of(
                    at,
                    account,
                    ext,
                    email,
                    "First" + i,
                    "Last" + i,
                    List.of("Agents"),
                    Role.AGENT,
                    true,
                    MemberSource.SYNC));
            events.add(MemberUpdated.of(
                    at.plusSeconds(10),
                    account,
                    ext,
                    email,
                    "First" + i,
                    "Last" + i,
                    List.of("Agents", "Admins"),
                    Role.ADMIN,
                    true,
                    MemberSource.SYNC));
            events.add(MemberUpdated.of(
                    at.plusSeconds(20),
                    account,
                    ext,
                    email,
                    "First" + i,
                    "Changed" + i,
                    List.of("Admins"),
                    Role.ADMIN,
                    true,
                    MemberSource.SYNC));
            events.add(MemberRevoked.of(
                    at.plusSeconds(30), account, ext, email, RevocationReason.REMOVED_FROM_GROUP, MemberSource.SYNC));
        }
        return events;
    }

    /** Publishes the events (acks=all, batched: linger 5 ms, 256 KiB batches) and waits until all are written. */
    public static void publish(String bootstrap, List<? extends GatehouseEvent> events) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (GatehouseEvent e : events) {
                ProducerRecord<String, byte[]> rec = new ProducerRecord<>(e.topic(), e.key(), EventJson.toBytes(e));
                CloudEventHeaders.toHeaders(e, "/gatehouse/benchmark").forEach(rec.headers()::add);
                producer.send(rec);
            }
            producer.flush();
        }
    }
}
