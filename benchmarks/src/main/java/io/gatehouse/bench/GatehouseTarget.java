package io.gatehouse.bench;

import io.gatehouse.testsupport.ProcessCpu;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gatehouse as a login target: {@code POST /sso/login} → AuthnRequest → the driver's signed response → ACS →
 * {@code GET /api/session}. Its server CPU is sso-service, user-service (which applies each login's event: a
 * first-time user is created just in time, a returning one gets its last login recorded), every PostgreSQL process
 * and the Kafka broker. directory-service and the simulator run too (the stack is the whole product) but take no
 * part in a login; they are not counted.
 */
final class GatehouseTarget implements LoginTarget {
    private final BenchStack stack;
    private final Saml.IdpKey key;
    private final String account;
    private final String domain;
    private long usersBefore;

    GatehouseTarget(BenchStack stack, Saml.IdpKey key, String account, String domain) {
        this.stack = stack;
        this.key = key;
        this.account = account;
        this.domain = domain;
    }

    @Override
    public String name() {
        return "Gatehouse";
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public Timing login(String email) throws Exception {
        return Logins.spInitiated(stack, key, account, email);
    }

    @Override
    public Map<String, Long> cpuTicks() {
        ProcCpu.Reading r = ProcCpu.read(stack);
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("sso-service", r.sso());
        m.put("user-service", r.users());
        m.put("postgres", r.postgres());
        m.put("kafka", r.kafka());
        return m;
    }

    @Override
    public Map<String, Long> jvms() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("sso-service", stack.sso().pid());
        m.put("user-service", stack.users().pid());
        ProcessCpu.kafkaPid().ifPresent(pid -> m.put("kafka", pid));
        return m;
    }

    @Override
    public Map<String, Long> profiledJvms() {
        return Map.of(
                "sso-service", stack.sso().pid(), "user-service", stack.users().pid());
    }

    @Override
    public Map<String, ConsumerBatches.Reading> consumerBatches() {
        return ConsumerBatches.read(stack.sso().url(), stack.users().url());
    }

    @Override
    public void beforeWindow() {
        usersBefore = Accounts.userTotal(stack, account);
    }

    @Override
    public void settle(int firstTimeLogins) {
        if (firstTimeLogins > 0) {
            Scenarios.awaitUsers(stack, account, usersBefore + firstTimeLogins);
        }
        Http.sleep(1000); // the outbox relay and user-service's consumer finish the window's tail
    }
}
