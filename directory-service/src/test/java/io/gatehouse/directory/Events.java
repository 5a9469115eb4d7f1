package io.gatehouse.directory;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Topics;
import io.gatehouse.testsupport.KafkaTestClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Reads membership events of one account from the real Kafka broker (published by the outbox relay). */
final class Events {
    private Events() {}

    static List<GatehouseEvent> of(String accountId, int atLeast) {
        return matching(accountId, e -> true, atLeast);
    }

    static List<GatehouseEvent> matching(String accountId, Predicate<GatehouseEvent> match, int atLeast) {
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            return kafka.events(
                    Topics.DIRECTORY_MEMBERS,
                    Duration.ofSeconds(atLeast == 0 ? 3 : 20),
                    e -> e.accountId().equals(accountId) && match.test(e),
                    atLeast == 0 ? Integer.MAX_VALUE : atLeast);
        }
    }
}
