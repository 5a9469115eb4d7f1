package io.gatehouse.sso.domain;

import io.gatehouse.events.LoginFailed;
import io.gatehouse.platform.outbox.Outbox;
import io.gatehouse.sso.saml.validation.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * ACS refusals that happen before the response's signature was verified (undecodable, malformed, wrong issuer or
 * destination, bad signature, SSO disabled...): anyone can post them, so they are not one LoginFailed event and
 * one audit row each — a flood of junk at one account's ACS would fill its audit trail and the event pipeline.
 * Each is counted in {@code gatehouse.sso.acs.unverified_refusals{account,code}} and summed per account and code;
 * once a minute every non-zero sum goes out as one aggregate {@link LoginFailed} with its {@code count}, so the
 * account's admin still sees "37 × sig_invalid" after a certificate rotation went wrong. Accounts are only those
 * with an SSO connection, so the keys (and the meter tags) are bounded.
 */
@ApplicationScoped
public class UnverifiedAcsFailures {
    private static final Logger LOG = Logger.getLogger(UnverifiedAcsFailures.class);

    private record Key(String accountId, ErrorCode code) {}

    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ConcurrentHashMap<Key, Integer> pending = new ConcurrentHashMap<>();

    public UnverifiedAcsFailures(Outbox outbox, Clock clock, MeterRegistry metrics) {
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Counts one refusal; nothing is written now. */
    public void count(String accountId, ErrorCode code) {
        metrics.counter("gatehouse.sso.acs.unverified_refusals", "account", accountId, "code", code.code())
                .increment();
        pending.merge(new Key(accountId, code), 1, Integer::sum);
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void everyMinute() {
        flush();
    }

    /** Publishes one aggregate LoginFailed per (account, code) counted since the last flush; returns how many. */
    @Transactional
    public int flush() {
        List<LoginFailed> events = new ArrayList<>();
        for (Key key : List.copyOf(pending.keySet())) {
            Integer count = pending.remove(key); // atomic with merge: a later refusal starts the next sum
            if (count != null && count > 0) {
                events.add(LoginFailed.aggregate(
                        clock.instant(),
                        key.accountId(),
                        key.code().code(),
                        key.code().category().title(),
                        count));
                LOG.infof(
                        "SAML login refused %d times before the signature check for account %s: code %s",
                        count, key.accountId(), key.code().code());
            }
        }
        if (!events.isEmpty()) {
            outbox.publishAll(events);
        }
        return events.size();
    }
}
