package io.gatehouse.simulator.seed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.simulator.config.SimulatorConfig;
import io.gatehouse.simulator.dns.DnsZone;
import io.gatehouse.simulator.domain.AppSettings;
import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.DynamicRule;
import io.gatehouse.simulator.domain.SigningKeyFactory;
import io.gatehouse.simulator.domain.SimException;
import io.gatehouse.simulator.domain.SimGroup;
import io.gatehouse.simulator.domain.SimUser;
import io.gatehouse.simulator.rest.sim.AppRequest;
import io.gatehouse.simulator.rest.sim.UserRequest;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Loads the seed organisation at start (and on {@code POST /sim/reset?seed=true}). Placeholders {@code ${sp-base-url}},
 * {@code ${account-id}} and {@code ${public-url}} in the file are replaced by the configuration's values.
 */
@ApplicationScoped
public class SeedLoader {

    private static final Logger LOG = Logger.getLogger(SeedLoader.class);
    static final String DEFAULT_SEED = "seed/demo-org.json";

    /** The seed file format. Groups and apps name their members and groups by email and group name. */
    public record Seed(
            List<UserRequest> users, List<SeedGroup> groups, List<SeedApp> apps, Map<String, List<String>> dns) {}

    public record SeedGroup(
            String _id,
            String name,
            String description,
            List<String> members,
            List<String> memberGroups,
            DynamicRule dynamicRule) {}

    public record SeedApp(AppRequest app, List<String> groups) {}

    private final SimulatorConfig config;
    private final Directory directory;
    private final SigningKeyFactory keys;
    private final DnsZone dns;
    private final ObjectMapper mapper;
    private volatile boolean loaded;

    public SeedLoader(
            SimulatorConfig config, Directory directory, SigningKeyFactory keys, DnsZone dns, ObjectMapper mapper) {
        this.config = config;
        this.directory = directory;
        this.keys = keys;
        this.dns = dns;
        this.mapper = mapper;
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        load();
    }

    public boolean loaded() {
        return loaded;
    }

    public synchronized void load() {
        String source = config.seedFile().orElse("classpath:" + DEFAULT_SEED);
        if ("none".equals(source)) {
            loaded = true;
            return;
        }
        try {
            String text = read(source)
                    .replace("${sp-base-url}", config.demo().spBaseUrl())
                    .replace("${account-id}", config.demo().accountId())
                    .replace("${public-url}", config.publicUrl());
            apply(mapper.readValue(text, Seed.class));
            loaded = true;
            LOG.infof("seed loaded from %s", source);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the seed file " + source, e);
        }
    }

    private static String read(String source) throws IOException {
        if (source.startsWith("classpath:")) {
            String resource = source.substring("classpath:".length());
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no classpath resource " + resource);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return Files.readString(Path.of(source));
    }

    private void apply(Seed seed) {
        if (seed.users() != null) {
            for (UserRequest user : seed.users()) {
                directory.createUser(user.toNewUser());
            }
        }
        List<SeedGroup> groups = seed.groups() == null ? List.of() : seed.groups();
        for (SeedGroup group : groups) {
            SimGroup created =
                    directory.createGroup(group._id(), group.name(), group.description(), null, group.dynamicRule());
            List<String> userIds = new ArrayList<>();
            for (String email : group.members() == null ? List.<String>of() : group.members()) {
                userIds.add(directory
                        .userByEmail(email)
                        .map(SimUser::id)
                        .orElseThrow(() -> SimException.badRequest("seed: unknown member " + email)));
            }
            directory.addUsersToGroup(created.id(), userIds);
        }
        for (SeedGroup group : groups) {
            String parent = groupId(group.name());
            for (String child : group.memberGroups() == null ? List.<String>of() : group.memberGroups()) {
                directory.addGroupToGroup(parent, groupId(child));
            }
        }
        for (SeedApp app : seed.apps() == null ? List.<SeedApp>of() : seed.apps()) {
            AppSettings settings = app.app().toSettings();
            String appId = directory
                    .createApp(app.app().id(), settings, keys.create(settings.name()), null)
                    .id();
            for (String group : app.groups() == null ? List.<String>of() : app.groups()) {
                directory.bindGroup(appId, groupId(group));
            }
        }
        if (seed.dns() != null) {
            seed.dns().forEach(dns::put);
        }
    }

    private String groupId(String name) {
        return directory
                .groupByName(name)
                .map(SimGroup::id)
                .orElseThrow(() -> SimException.badRequest("seed: unknown group " + name));
    }
}
