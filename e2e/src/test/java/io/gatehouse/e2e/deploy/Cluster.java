package io.gatehouse.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testsupport.Postgres;
import io.gatehouse.testsupport.SecuredKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the cluster and its operators provide around the rendered manifests, on this machine: the Secrets
 * (generated: random values, the Kafka users' SCRAM passwords as {@link SecuredKafka} created them, its CA as
 * Strimzi's cluster CA Secret), the roles and databases CloudNativePG would create from the {@code Cluster} and
 * {@code Database} objects (in the local-stack PostgreSQL), the images under the names the overlay pins, and the
 * ConfigMaps with their cluster addresses (Services, {@code <cluster>-rw}, {@code <kafka>-kafka-bootstrap}, the
 * public host) pointed at their loopback stand-ins.
 */
final class Cluster {
    private static final SecureRandom RANDOM = new SecureRandom();

    final Rendered rendered;
    private final Map<String, Map<String, String>> secrets = new TreeMap<>();
    private final Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
    private final Map<String, String> images = new LinkedHashMap<>();
    private final Path scratch;

    Cluster(Rendered rendered, Path scratch) {
        this.rendered = rendered;
        this.scratch = scratch;
        rendered.all("ConfigMap")
                .forEach(cm -> configMaps.put(Rendered.name(cm), rendered.configMap(Rendered.name(cm))));
    }

    /** Every Secret key a Deployment references gets a value, made as the Secret's creator would make it. */
    void generateSecrets(SecuredKafka kafka) {
        Map<String, String> roleOfSecret = new LinkedHashMap<>();
        for (JsonNode c : rendered.all("Cluster")) {
            JsonNode initdb = c.path("spec").path("bootstrap").path("initdb");
            roleOfSecret.put(
                    initdb.path("secret").path("name").asText(),
                    initdb.path("owner").asText());
            for (JsonNode role : c.path("spec").path("managed").path("roles")) {
                roleOfSecret.put(
                        role.path("passwordSecret").path("name").asText(),
                        role.path("name").asText());
            }
        }
        Set<String> kafkaUsers = new java.util.TreeSet<>();
        rendered.all("KafkaUser").forEach(u -> kafkaUsers.add(Rendered.name(u)));
        Set<String> clusterCas = new java.util.TreeSet<>();
        rendered.all("Kafka").forEach(k -> clusterCas.add(Rendered.name(k) + "-cluster-ca-cert"));

        for (JsonNode d : rendered.all("Deployment")) {
            JsonNode spec = d.path("spec").path("template").path("spec");
            for (String list : new String[] {"initContainers", "containers"}) {
                for (JsonNode c : spec.path(list)) {
                    for (JsonNode e : c.path("env")) {
                        JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                        if (ref.isMissingNode()) {
                            continue;
                        }
                        String secret = ref.path("name").asText();
                        String key = ref.path("key").asText();
                        String value;
                        if (kafkaUsers.contains(secret)) {
                            // the Strimzi user operator's Secret for a SCRAM-SHA-512 KafkaUser
                            value = switch (key) {
                                case "password" -> kafka.password(secret);
                                case "sasl.jaas.config" -> SecuredKafka.scramJaas(secret, kafka.password(secret));
                                default ->
                                    throw new IllegalStateException(
                                            "a KafkaUser Secret has no key " + key + " (" + secret + ")");
                            };
                        } else if (clusterCas.contains(secret)) {
                            if (!key.equals("ca.crt")) {
                                throw new IllegalStateException("Strimzi's cluster CA Secret has no key " + key);
                            }
                            value = kafka.caCertificatePem();
                        } else if (roleOfSecret.containsKey(secret)) {
                            // basic-auth Secret of a CloudNativePG role
                            value = switch (key) {
                                case "username" -> roleOfSecret.get(secret);
                                case "password" -> secretValue(secret, key, 24);
                                default ->
                                    throw new IllegalStateException(
                                            "a basic-auth Secret has no key " + key + " (" + secret + ")");
                            };
                        } else {
                            value = secretValue(secret, key, 32);
                        }
                        secrets.computeIfAbsent(secret, k -> new TreeMap<>()).put(key, value);
                    }
                }
            }
        }
    }

    private String secretValue(String secret, String key, int bytes) {
        Map<String, String> s = secrets.get(secret);
        if (s != null && s.containsKey(key)) {
            return s.get(key);
        }
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * The roles and databases CloudNativePG creates from the {@code Cluster} (initdb owner and database, managed
     * roles with their flags) and {@code Database} objects, with the passwords of their Secrets.
     */
    void createDatabases(Postgres pg) {
        String url = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                Statement st = c.createStatement()) {
            for (JsonNode cluster : rendered.all("Cluster")) {
                JsonNode initdb = cluster.path("spec").path("bootstrap").path("initdb");
                String owner = initdb.path("owner").asText();
                role(
                        st,
                        owner,
                        "LOGIN",
                        secretKey(initdb.path("secret").path("name").asText(), "password"));
                database(st, initdb.path("database").asText(), owner);
                for (JsonNode role : cluster.path("spec").path("managed").path("roles")) {
                    String flags = (role.path("login").asBoolean(false) ? "LOGIN" : "NOLOGIN")
                            + (role.path("superuser").asBoolean(false) ? " SUPERUSER" : " NOSUPERUSER")
                            + (role.path("createdb").asBoolean(false) ? " CREATEDB" : " NOCREATEDB")
                            + (role.path("createrole").asBoolean(false) ? " CREATEROLE" : " NOCREATEROLE")
                            + (role.path("inherit").asBoolean(true) ? " INHERIT" : " NOINHERIT");
                    role(
                            st,
                            role.path("name").asText(),
                            flags,
                            secretKey(role.path("passwordSecret").path("name").asText(), "password"));
                }
            }
            for (JsonNode db : rendered.all("Database")) {
                database(
                        st,
                        db.path("spec").path("name").asText(),
                        db.path("spec").path("owner").asText());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("creating the roles and databases failed", e);
        }
    }

    private static void role(Statement st, String name, String flags, String password) throws SQLException {
        String verb = exists(st, "SELECT 1 FROM pg_roles WHERE rolname = '" + name + "'") ? "ALTER" : "CREATE";
        st.execute(verb + " ROLE " + ident(name) + " " + flags + " PASSWORD '" + password.replace("'", "''") + "'");
    }

    private static void database(Statement st, String name, String owner) throws SQLException {
        if (exists(st, "SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            throw new IllegalStateException("database " + name + " exists already: this test needs a fresh server");
        }
        st.execute("CREATE DATABASE " + ident(name) + " OWNER " + ident(owner));
    }

    private static boolean exists(Statement st, String query) throws SQLException {
        try (var rs = st.executeQuery(query)) {
            return rs.next();
        }
    }

    private static String ident(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("unexpected identifier " + name);
        }
        return name;
    }

    /** Replaces {@code from} (a cluster address such as {@code gatehouse-pg-rw:5432}) in every ConfigMap value. */
    void address(String from, String to) {
        boolean found = false;
        for (Map<String, String> data : configMaps.values()) {
            for (Map.Entry<String, String> e : data.entrySet()) {
                if (e.getValue().contains(from)) {
                    e.setValue(e.getValue().replace(from, to));
                    found = true;
                }
            }
        }
        if (!found) {
            throw new IllegalStateException("no ConfigMap names " + from);
        }
    }

    /** Sets one ConfigMap key, as a platform team fills in its own values. */
    void set(String configMap, String key, String value) {
        Map<String, String> data = configMaps.get(configMap);
        if (data == null) {
            throw new IllegalStateException("no ConfigMap " + configMap);
        }
        data.put(key, value);
    }

    Map<String, String> configMap(String name) {
        Map<String, String> data = configMaps.get(name);
        if (data == null) {
            throw new IllegalStateException("no ConfigMap " + name + " rendered");
        }
        return data;
    }

    Map<String, String> secret(String name) {
        Map<String, String> s = secrets.get(name);
        if (s == null) {
            throw new IllegalStateException("no Secret " + name);
        }
        return s;
    }

    String secretKey(String name, String key) {
        String v = secret(name).get(key);
        if (v == null) {
            throw new IllegalStateException("no key " + key + " in Secret " + name);
        }
        return v;
    }

    Set<String> secretNames() {
        return secrets.keySet();
    }

    /** The local image that stands for the overlay's pinned name (tagged with it, as pushing would). */
    void image(String pinned, String local) {
        Pod.Docker.check("tag", local, pinned);
        images.put(pinned, local);
    }

    String image(String pinned) {
        if (!images.containsKey(pinned)) {
            throw new IllegalStateException("no local image for " + pinned);
        }
        return pinned;
    }

    void untagImages() {
        images.keySet().forEach(i -> Pod.Docker.run("rmi", i));
    }

    /** A ConfigMap or Secret volume's files (mode {@code defaultMode}, 0644 by default), for a read-only mount. */
    Path volumeFiles(String pod, JsonNode volume) {
        boolean isSecret = volume.has("secret");
        JsonNode source = isSecret ? volume.path("secret") : volume.path("configMap");
        String name = isSecret
                ? source.path("secretName").asText()
                : source.path("name").asText();
        Map<String, String> data = isSecret ? secret(name) : configMap(name);
        int mode = source.path("defaultMode").asInt(0644);
        try {
            Path dir = Files.createDirectories(
                    scratch.resolve(pod).resolve(volume.path("name").asText()));
            for (Map.Entry<String, String> e : data.entrySet()) {
                Path f = dir.resolve(e.getKey());
                Files.writeString(f, e.getValue());
                Files.setPosixFilePermissions(f, Modes.of(mode));
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Octal file modes. */
    static final class Modes {
        private Modes() {}

        static Set<java.nio.file.attribute.PosixFilePermission> of(int mode) {
            StringBuilder s = new StringBuilder();
            String rwx = "rwxrwxrwx";
            for (int i = 0; i < 9; i++) {
                s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
            }
            return PosixFilePermissions.fromString(s.toString());
        }
    }
}
