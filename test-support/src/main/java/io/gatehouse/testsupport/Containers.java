package io.gatehouse.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Containers for {@code -Pcontainers} ({@code GATEHOUSE_TEST_INFRA=containers}), started with Testcontainers on the
 * host network so that every connection stays on loopback: each process gets free loopback ports as configuration.
 * The images are local ones built by {@code .ci/containers.sh} (no image registry is reachable on the build
 * machines; {@code GATEHOUSE_TEST_POSTGRES_IMAGE} / {@code GATEHOUSE_TEST_KAFKA_IMAGE} choose others). Ryuk is
 * off ({@code TESTCONTAINERS_RYUK_DISABLED=true}, it needs a registry image): a shutdown hook removes each
 * container, and {@code .ci/containers.sh stop} removes any that a killed JVM left behind (label
 * {@value #LABEL}).
 */
final class Containers {
    static final String LABEL = "io.gatehouse.test";
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private Containers() {}

    static String image(String variable, String defaultImage) {
        String image = Infra.env(variable);
        return image == null ? defaultImage : image;
    }

    /** Starts the image with the environment and arguments, returning once {@code ready} holds. */
    static GenericContainer<?> start(String image, Map<String, String> env, List<String> args, BooleanSupplier ready) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withEnv(env)
                .withLabels(Map.of(LABEL, "true"))
                .waitingFor(new Ready(ready).withStartupTimeout(STARTUP));
        if (!args.isEmpty()) {
            container.withCommand(args.toArray(String[]::new));
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new IllegalStateException(
                    "could not start a container of " + image
                            + " (the local images come from .ci/containers.sh, as root)",
                    e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return container;
    }

    /** Orderly stop (SIGTERM, as a restart in production); the container and its data stay for {@link #restart}. */
    static void stop(GenericContainer<?> container) {
        container
                .getDockerClient()
                .stopContainerCmd(container.getContainerId())
                .withTimeout(30)
                .exec();
    }

    /** Starts a stopped container again (same data, same ports) and waits until {@code ready} holds. */
    static void restart(GenericContainer<?> container, BooleanSupplier ready) {
        container
                .getDockerClient()
                .startContainerCmd(container.getContainerId())
                .exec();
        await(
                ready,
                container::isRunning,
                () -> "container " + container.getContainerId() + " (log:\n" + container.getLogs() + ")",
                STARTUP);
    }

    private static void await(
            BooleanSupplier ready, BooleanSupplier running, Supplier<String> describe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!running.getAsBoolean()) {
                throw new IllegalStateException(describe.get() + " exited before it was ready");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(describe.get() + " not ready after " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Waits for a check from the host (a port on loopback answers), since no port is mapped on the host network. */
    private static final class Ready extends AbstractWaitStrategy {
        private final BooleanSupplier ready;

        Ready(BooleanSupplier ready) {
            this.ready = ready;
        }

        @Override
        protected void waitUntilReady() {
            await(
                    ready,
                    waitStrategyTarget::isRunning,
                    () -> "container " + waitStrategyTarget.getContainerId()
                            + " of "
                            + waitStrategyTarget.getContainerInfo().getConfig().getImage() + " (log:\n"
                            + waitStrategyTarget.getLogs() + ")",
                    startupTimeout);
        }
    }
}
