package io.gatehouse.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vertx.mutiny.core.Vertx;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the commit interval holds back is not left behind (ADR 0031): a channel that stops commits every offset it
 * acknowledged before its consumer closes, a partition revoked in a rebalance has its acknowledged offsets committed
 * in the rebalance callback, before its next owner starts from them, and a commit the group refused while
 * rebalancing is asked for again. Kafka's {@link MockConsumer} stands in
 * for the client (it records commits); the strategy runs on a real Vert.x context and its own polling thread, as in
 * the connector. PlatformTest checks the strategy against a real broker.
 */
class PromptCommitTest {
    private static final TopicPartition P0 = new TopicPartition("gatehouse.test.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("gatehouse.test.v1", 1);

    private Vertx vertx;
    private ExecutorService pollingThread;
    private RefusingConsumer client;
    private PromptCommit commit;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        pollingThread = Executors.newSingleThreadExecutor();
        client = new RefusingConsumer();
        client.assign(List.of(P0, P1));
        commit = new PromptCommit(vertx, 5_000, consumer(client, pollingThread));
        commit.capture(vertx.getOrCreateContext());
    }

    @AfterEach
    void stop() {
        pollingThread.shutdownNow();
        vertx.closeAndAwait();
    }

    @Test
    void aStoppingChannelCommitsWhatItAcknowledgedWithinTheLastInterval() throws Exception {
        acknowledge(P0, 5);
        awaitCommitted(P0, 6); // the first acknowledgement after a quiet spell goes out at once
        acknowledge(P0, 9); // within the interval: held for the interval's timer

        commit.terminate(true);

        assertEquals(10, committed(P0), "P0's committed offset when terminate returned");
    }

    @Test
    void aRevokedPartitionsAcknowledgedOffsetsAreCommittedInTheRebalanceCallback() throws Exception {
        acknowledge(P0, 5);
        awaitCommitted(P0, 6);
        acknowledge(P0, 9);
        acknowledge(P1, 3);

        pollingThread.submit(() -> commit.partitionsRevoked(Set.of(P0))).get();

        assertEquals(10, committed(P0), "P0's committed offset when the revocation callback returned");
        awaitCommitted(P1, 4); // the partition kept is committed by the interval's timer, as before
    }

    @Test
    void anAcknowledgementThatArrivesAfterItsPartitionWasRevokedIsNotCommitted() throws Exception {
        acknowledge(P0, 5);
        awaitCommitted(P0, 6);
        pollingThread.submit(() -> commit.partitionsRevoked(Set.of(P0))).get();

        // a batch of P0 that was being applied when P0 moved: its next owner applies it again (and skips it in the
        // processed-event log); committing it here could move the offset back under what the owner committed
        acknowledge(P0, 7);
        acknowledge(P1, 2);
        awaitCommitted(P1, 3);
        Thread.sleep(3 * PromptCommit.COMMIT_INTERVAL_MS);
        assertEquals(6, committed(P0), "P0's committed offset after a late acknowledgement");

        pollingThread.submit(() -> commit.partitionsAssigned(Set.of(P0))).get();
        acknowledge(P0, 11);
        awaitCommitted(P0, 12); // assigned again: committed as usual
    }

    @Test
    void aCommitRefusedWhileTheGroupRebalancesIsAskedForAgainWithoutAnotherAcknowledgement() throws Exception {
        client.refuseNext(2);

        acknowledge(P0, 5); // the partition's last record for a while: no later acknowledgement will carry it

        awaitCommitted(P0, 6);
        assertEquals(3, client.commitsAsked(), "commits asked for: two refused, the third taken");
    }

    @Test
    void nothingAcknowledgedAfterTheChannelStoppedIsCommitted() throws Exception {
        acknowledge(P0, 5);
        awaitCommitted(P0, 6);
        commit.terminate(true);

        acknowledge(P0, 8); // a batch that finished after the stop: delivered again after the restart
        Thread.sleep(3 * PromptCommit.COMMIT_INTERVAL_MS);

        assertEquals(6, committed(P0));
    }

    /** Kafka's mock client, refusing a given number of asynchronous commits as a broker does during a rebalance. */
    static class RefusingConsumer extends MockConsumer<String, byte[]> {
        private int refuse;
        private int asked;

        RefusingConsumer() {
            super("earliest");
        }

        synchronized void refuseNext(int commits) {
            refuse = commits;
        }

        synchronized int commitsAsked() {
            return asked;
        }

        @Override
        public synchronized void commitAsync(
                Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            asked++;
            if (refuse > 0) {
                refuse--;
                callback.onComplete(offsets, new RebalanceInProgressException());
                return;
            }
            super.commitAsync(offsets, callback);
        }
    }

    private void acknowledge(TopicPartition partition, long offset) {
        ConsumerRecord<String, byte[]> record =
                new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "key", new byte[0]);
        commit.handle(new IncomingKafkaRecord<>(record, "test", -1, commit, null, false, false))
                .await()
                .atMost(Duration.ofSeconds(5));
        // handle() queues the acknowledgement on the channel's context: wait until the context has taken it
        commit.runOnContextAndAwait(() -> null);
    }

    private long committed(TopicPartition partition) {
        OffsetAndMetadata offset = client.committed(Set.of(partition)).get(partition);
        return offset == null ? -1 : offset.offset();
    }

    private void awaitCommitted(TopicPartition partition, long offset) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (committed(partition) != offset) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(partition + " committed " + committed(partition) + ", expected " + offset);
            }
            Thread.sleep(5);
        }
    }

    /** The connector's consumer, as far as the strategy uses it: the client, and tasks on its polling thread. */
    @SuppressWarnings("unchecked")
    private static KafkaConsumer<String, byte[]> consumer(RefusingConsumer client, ExecutorService pollingThread) {
        return (KafkaConsumer<String, byte[]>) Proxy.newProxyInstance(
                PromptCommitTest.class.getClassLoader(),
                new Class<?>[] {KafkaConsumer.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "unwrap":
                            return client;
                        case "runOnPollingThread":
                            if (method.getParameterTypes()[0] == Consumer.class) {
                                Consumer<org.apache.kafka.clients.consumer.Consumer<String, byte[]>> action =
                                        (Consumer<org.apache.kafka.clients.consumer.Consumer<String, byte[]>>) args[0];
                                return Uni.createFrom()
                                        .item(() -> {
                                            action.accept(client);
                                            return (Void) null;
                                        })
                                        .runSubscriptionOn(pollingThread);
                            }
                            throw new UnsupportedOperationException("runOnPollingThread(Function)");
                        case "toString":
                            return "consumer of " + client.assignment();
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
