package io.gatehouse.sso.it;

import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The test resources of the module, declared once: they are global (not restricted to a class), so every
 * @QuarkusTest shares one booted application with real PostgreSQL, real Kafka and the test DNS server.
 */
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "sso"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestDnsServer.class)
public final class SsoResources {
    private SsoResources() {}
}
