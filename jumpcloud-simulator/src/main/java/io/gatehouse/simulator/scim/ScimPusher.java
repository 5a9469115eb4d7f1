package io.gatehouse.simulator.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.DirectoryListener;
import io.gatehouse.simulator.domain.SimApp;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * JumpCloud's Identity Management: after every directory change, each app with {@code scim} settings gets the
 * desired state queued on its own channel, which pushes the difference off the request thread, in order.
 */
@ApplicationScoped
public class ScimPusher implements DirectoryListener {

    private final Directory directory;
    private final ScimClient client;
    private final ObjectMapper mapper;
    private final ScimLog log;
    private final Map<String, ScimChannel> channels = new ConcurrentHashMap<>();

    public ScimPusher(Directory directory, ScimClient client, ObjectMapper mapper, ScimLog log) {
        this.directory = directory;
        this.client = client;
        this.mapper = mapper;
        this.log = log;
    }

    void register(@Observes @Priority(10) StartupEvent event) {
        directory.addListener(this);
    }

    void stop(@Observes ShutdownEvent event) {
        channels.values().forEach(ScimChannel::shutdown);
    }

    /** One request of a Test Connection and the status it got (0: no answer). */
    public record TestStep(String method, String path, int status) {}

    /** The outcome of a Test Connection: ok when every request succeeded. */
    public record TestConnection(boolean ok, String testUserEmail, List<TestStep> requests) {}

    /** The address of the test user when the app's settings have no Test User Email. */
    public static final String DEFAULT_TEST_USER_EMAIL = "jumpcloud-test-user@example.com";

    @Override
    public synchronized void changed(Directory changed) {
        Set<String> live = new HashSet<>();
        for (SimApp app : changed.appsById()) {
            if (app.settings().scim() == null) {
                continue;
            }
            live.add(app.id());
            channel(app).submit(DesiredState.of(changed, app));
        }
        channels.keySet().removeIf(appId -> {
            if (!live.contains(appId)) {
                channels.get(appId).shutdown();
                return true;
            }
            return false;
        });
    }

    private synchronized ScimChannel channel(SimApp app) {
        ScimChannel channel = channels.get(app.id());
        if (channel == null || !channel.target().equals(app.settings().scim())) {
            if (channel != null) {
                channel.shutdown();
            }
            channel = new ScimChannel(app.id(), app.settings().scim(), client, mapper);
            channels.put(app.id(), channel);
        }
        return channel;
    }

    /** Runs the app's Test Connection (after the pushes queued before it) and waits for its outcome. */
    public TestConnection testConnection(SimApp app) {
        String email = app.settings().scim().testUserEmail() == null
                ? DEFAULT_TEST_USER_EMAIL
                : app.settings().scim().testUserEmail();
        Future<TestConnection> run = channel(app).testConnection(email);
        try {
            return run.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Test Connection did not finish: " + e, e);
        }
    }

    /** Waits until every change made so far has been pushed (or the timeout passes); true when idle. */
    public boolean drain(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<Future<?>> barriers = new ArrayList<>();
        channels.values().forEach(c -> barriers.add(c.barrier()));
        try {
            for (Future<?> barrier : barriers) {
                barrier.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            return false;
        }
    }

    /** Forgets every channel and what it pushed (with {@code POST /sim/reset}). */
    public void reset() {
        channels.values().forEach(ScimChannel::shutdown);
        channels.clear();
        log.clear();
    }
}
