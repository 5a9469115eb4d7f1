package io.gatehouse.testsupport;

import io.gatehouse.localstack.KafkaBroker;
import io.gatehouse.localstack.Ports;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * A real Kafka broker (KRaft, a {@link KafkaBroker} child JVM) secured like the Strimzi cluster of
 * {@code deploy/k8s/base/kafka.yaml}: one {@code SASL_SSL} listener with SCRAM-SHA-512 over TLS (a CA and server
 * certificate made at test time), the KRaft {@code StandardAuthorizer} with nothing allowed unless an ACL says so,
 * topics created up front from the {@code KafkaTopic} manifests (no auto-creation), and one SCRAM user per
 * {@code KafkaUser} manifest with exactly its ACLs, created through the Admin API. The {@code admin} super user
 * (bootstrapped at storage format) is for the tests' own set-up and assertions. One per test JVM:
 * {@link #get()}.
 */
public final class SecuredKafka {
    /** The super user's name; services never get it. */
    public static final String ADMIN = "admin";

    public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";

    private static SecuredKafka instance;

    private final KafkaBroker broker;
    private final TestCertificates certificates;
    private final String adminPassword;
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final Map<String, List<AclBinding>> acls;

    private SecuredKafka(
            KafkaBroker broker,
            TestCertificates certificates,
            String adminPassword,
            Map<String, List<AclBinding>> acls) {
        this.broker = broker;
        this.certificates = certificates;
        this.adminPassword = adminPassword;
        this.acls = acls;
    }

    /** The JVM's secured broker, started (≈ 5 s) and set up on first use; stopped when the JVM exits. */
    public static synchronized SecuredKafka get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance.broker::stop));
        }
        return instance;
    }

    private static SecuredKafka start() {
        var dir = Infra.scratch("kafka-secured");
        String storePassword = secret();
        String adminPassword = secret();
        TestCertificates certs = TestCertificates.create(dir, storePassword);
        int port = Ports.free();
        int controllerPort = Ports.free();
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
        config.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
        config.put("inter.broker.listener.name", "SASL_SSL");
        // clients: SCRAM-SHA-512 only, over TLS, server-authenticated (no client certificates)
        config.put("sasl.enabled.mechanisms", SCRAM_SHA_512);
        config.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", SCRAM_SHA_512);
        config.put("sasl.mechanism.inter.broker.protocol", SCRAM_SHA_512);
        config.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", scramJaas(ADMIN, adminPassword));
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", certs.keystore().toString());
        config.put("ssl.keystore.password", storePassword);
        config.put("ssl.key.password", storePassword);
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", certs.truststore().toString());
        config.put("ssl.truststore.password", storePassword);
        config.put("ssl.client.auth", "none");
        // the controller listener: SCRAM credentials live in the metadata the controller serves, so PLAIN here
        config.put("sasl.mechanism.controller.protocol", "PLAIN");
        config.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        config.put(
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                        + "\" password=\"" + adminPassword + "\" user_" + ADMIN + "=\"" + adminPassword + "\";");
        // Strimzi's authorization type simple on KRaft
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("super.users", "User:" + ADMIN);
        config.put("allow.everyone.if.no.acl.found", "false");
        // as kafka.yaml: topics come from the KafkaTopic manifests, a misspelt name fails
        config.put("auto.create.topics.enable", "false");
        KafkaBroker broker = new KafkaBroker(
                dir,
                port,
                controllerPort,
                config,
                List.of("--add-scram", SCRAM_SHA_512 + "=[name=" + ADMIN + ",password=" + adminPassword + "]"));
        broker.start();
        SecuredKafka kafka = new SecuredKafka(broker, certs, adminPassword, StrimziManifests.kafkaUserAcls());
        try {
            kafka.setUp();
        } catch (RuntimeException e) {
            broker.stop();
            throw e;
        }
        return kafka;
    }

    /** What Strimzi's topic and user operators do from the manifests: topics, SCRAM users, ACLs. */
    private void setUp() {
        try (Admin admin = Admin.create(adminConfig())) {
            List<NewTopic> topics = StrimziManifests.topics().stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.config()))
                    .toList();
            admin.createTopics(topics).all().get();
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            for (String user : acls.keySet()) {
                String password = secret();
                passwords.put(user, password);
                users.add(new UserScramCredentialUpsertion(
                        user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password));
            }
            admin.alterUserScramCredentials(users).all().get();
            admin.createAcls(acls.values().stream().flatMap(List::stream).toList())
                    .all()
                    .get();
            // the authorizer applies the ACLs once their metadata record reaches it
            int expected = acls.values().stream().mapToInt(List::size).sum();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (admin.describeAcls(AclBindingFilter.ANY).values().get().size() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not apply the " + expected + " ACLs");
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("setting up the secured broker failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The PKCS12 trust store holding the broker's CA. */
    public java.nio.file.Path truststore() {
        return certificates.truststore();
    }

    public String truststorePassword() {
        return certificates.password();
    }

    /** The broker's CA as PEM, as a Strimzi cluster CA Secret's {@code ca.crt}. */
    public String caCertificatePem() {
        return certificates.caPem();
    }

    /** The services with a SCRAM user, i.e. a {@code KafkaUser} manifest. */
    public Set<String> services() {
        return new TreeSet<>(passwords.keySet());
    }

    /** The service's SCRAM password (random per broker, as the user operator's Secret). */
    public String password(String service) {
        return Optional.ofNullable(passwords.get(service))
                .orElseThrow(() -> new IllegalArgumentException(
                        "no KafkaUser " + service + " in deploy/k8s/base/kafka-users.yaml"));
    }

    /** The ACLs the broker was given for the service (from its {@code KafkaUser}). */
    public List<AclBinding> acls(String service) {
        return acls.getOrDefault(service, List.of());
    }

    /** Kafka client settings (PKCS12 trust store) for the service's user. */
    public Map<String, Object> clientConfig(String service) {
        return clientConfig(service, password(service));
    }

    /** Kafka client settings (PKCS12 trust store) for {@code user} logging in with {@code password}. */
    public Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        c.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        c.put(SaslConfigs.SASL_MECHANISM, SCRAM_SHA_512);
        c.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaas(user, password));
        c.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        c.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore().toString());
        c.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststorePassword());
        return c;
    }

    /** The super user's client settings: topics, users, ACLs, and reading anything back in assertions. */
    public Map<String, Object> adminConfig() {
        return clientConfig(ADMIN, adminPassword);
    }

    /**
     * The Quarkus configuration a service needs, exactly the keys the deployment sets through its environment
     * (deploy/k8s/base/*-service.yaml: {@code KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_SECURITY_PROTOCOL},
     * {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG} from the KafkaUser's Secret,
     * {@code KAFKA_SSL_TRUSTSTORE_TYPE=PEM} and {@code KAFKA_SSL_TRUSTSTORE_CERTIFICATES} from the cluster CA's Secret).
     */
    public Map<String, String> quarkusConfig(String service) {
        return quarkusConfig(service, password(service));
    }

    /** {@link #quarkusConfig(String)} with another password (a wrong one, for failure tests). */
    public Map<String, String> quarkusConfig(String service, String password) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.bootstrap.servers", bootstrapServers());
        c.put("kafka.security.protocol", "SASL_SSL");
        c.put("kafka.sasl.mechanism", SCRAM_SHA_512);
        c.put("kafka.sasl.jaas.config", scramJaas(service, password));
        c.put("kafka.ssl.truststore.type", "PEM");
        c.put("kafka.ssl.truststore.certificates", caCertificatePem());
        return c;
    }

    /** The {@code sasl.jaas.config} value a Strimzi KafkaUser Secret holds. */
    public static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** The broker's ACLs as {@code <type>:<name>:<Operation>} per principal, read back through the Admin API. */
    public Map<String, Set<String>> describeAcls() {
        try (Admin admin = Admin.create(adminConfig())) {
            return admin.describeAcls(AclBindingFilter.ANY).values().get().stream()
                    .collect(Collectors.groupingBy(
                            a -> a.entry().principal().substring("User:".length()),
                            Collectors.mapping(StrimziManifests::describe, Collectors.toCollection(TreeSet::new))));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String secret() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
