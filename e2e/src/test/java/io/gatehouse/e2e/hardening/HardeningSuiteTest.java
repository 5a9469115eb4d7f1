package io.gatehouse.e2e.hardening;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The hardening suite in its one fixed order, in one JVM on one {@link io.gatehouse.e2e.Stack}: the authorization
 * matrix and hostile input first, then token revocation, audiences and role-change cut-offs, then fault injection, then the scan of every log for secrets (so the logs hold
 * everything the earlier parts did), then the expiry checks, and last the report generator that renders
 * docs/security.md. Each part is an abstract class of its own file; JUnit's nested-class order guarantees the
 * sequence (top-level class order is not defined under Surefire). Run one part with its tag, e.g.
 * {@code mvn -B -o test -Dtest='hardening.*Test' -Dgroups=matrix}.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class HardeningSuiteTest {

    @Nested
    @Order(1)
    @Tag("matrix")
    class AuthorizationMatrix extends AuthorizationMatrixTest {}

    @Nested
    @Order(2)
    @Tag("tokens")
    class TokenRevocation extends TokenRevocationTest {}

    @Nested
    @Order(3)
    @Tag("faults")
    class FaultTolerance extends FaultToleranceTest {}

    @Nested
    @Order(4)
    @Tag("secrets")
    class SecretsInLogs extends SecretsInLogsTest {}

    @Nested
    @Order(5)
    @Tag("expiry")
    class ExpiredTokens extends ExpiredTokensTest {}

    @Nested
    @Order(6)
    @Tag("report")
    class SecurityReport extends SecurityReportTest {}
}
