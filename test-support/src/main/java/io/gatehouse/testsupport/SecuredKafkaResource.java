package io.gatehouse.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the {@link SecuredKafka} broker as the deployment points a service at the Strimzi
 * cluster: the standard {@code kafka.*} keys for SASL_SSL with SCRAM-SHA-512, logged in as the init arg
 * {@code service}'s KafkaUser. With init arg {@code password=wrong} it logs in with a wrong password instead.
 */
public class SecuredKafkaResource implements QuarkusTestResourceLifecycleManager {
    private String service;
    private boolean wrongPassword;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.get("service");
        if (service == null) {
            throw new IllegalArgumentException("SecuredKafkaResource needs the init arg service (a KafkaUser's name)");
        }
        wrongPassword = "wrong".equals(initArgs.get("password"));
    }

    @Override
    public Map<String, String> start() {
        SecuredKafka kafka = SecuredKafka.get();
        return wrongPassword
                ? kafka.quarkusConfig(service, "not-" + kafka.password(service))
                : kafka.quarkusConfig(service);
    }

    @Override
    public void stop() {
        // shared for the JVM's lifetime
    }
}
