package io.gatehouse.sso.domain;

import io.gatehouse.events.Role;
import io.gatehouse.sso.config.SsoConfig;
import io.gatehouse.sso.saml.validation.TrustedCertificate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The ACS's read of an account's connection (the row and its parsed IdP certificates), cached per account for
 * {@code gatehouse.sso.connection-cache-ttl} so a returning login neither reads nor parses them again. A change
 * saved through this replica ({@link SsoConnectionChanged}) drops the entry when its transaction completes;
 * another replica's change is seen when the entry expires, so the TTL bounds how long it may act on the old
 * settings. Accounts without a connection are not cached (nothing to keep, and no way to fill the cache with
 * made-up account ids). A plan change ({@code AccountEventsHandler}) and a domain verification fire
 * {@link SsoConnectionChanged} too.
 */
@ApplicationScoped
public class ConnectionSnapshots {
    static final int MAX_ENTRIES = 10_000;

    /**
     * The account's connection, read once, detached from the persistence context, with what the login rules need
     * besides it: whether the account's plan includes SSO and its verified domains.
     */
    public record Snapshot(
            String accountId,
            boolean enabled,
            String idpEntityId,
            Role defaultRole,
            boolean allowIdpInitiated,
            int skewSeconds,
            List<TrustedCertificate> certificates,
            List<CertificateStatus> certificateViews,
            boolean planAllowsSso,
            Set<String> verifiedDomains,
            boolean allowOtherEmailDomains) {}

    /** Fired by whatever changes a connection or its certificates, inside the changing transaction. */
    public record SsoConnectionChanged(String accountId) {}

    private record Entry(Snapshot snapshot, long loadedAtNanos) {}

    private final ConnectionRepository connections;
    private final AccountRepository accounts;
    private final DomainRepository domains;
    private final SsoConfig config;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    /** Bumped by every invalidation: a load that overlapped one is not cached (it may have read the old row). */
    private final AtomicLong generation = new AtomicLong();

    public ConnectionSnapshots(
            ConnectionRepository connections,
            AccountRepository accounts,
            DomainRepository domains,
            SsoConfig config,
            Clock clock) {
        this.connections = connections;
        this.accounts = accounts;
        this.domains = domains;
        this.config = config;
        this.clock = clock;
    }

    /** The cached snapshot when it is younger than the TTL, else a fresh read that is then cached. */
    public Optional<Snapshot> get(String accountId) {
        long ttl = config.connectionCacheTtl().toNanos();
        Entry entry = cache.get(accountId);
        if (entry != null && System.nanoTime() - entry.loadedAtNanos() < ttl) {
            return Optional.of(entry.snapshot());
        }
        long before = generation.get();
        long loadedAt = System.nanoTime();
        Optional<Snapshot> loaded = fresh(accountId);
        if (loaded.isPresent() && ttl > 0 && generation.get() == before) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(accountId, new Entry(loaded.get(), loadedAt));
        }
        return loaded;
    }

    /** Always reads the database (Test Connection reports the settings as they are now). */
    @Transactional
    public Optional<Snapshot> fresh(String accountId) {
        SsoConnection c = connections.findById(accountId);
        if (c == null) {
            return Optional.empty();
        }
        List<TrustedCertificate> trusted = c.certificates().stream()
                .map(cert -> new TrustedCertificate(CertificateParser.read(cert.pem()), cert.fingerprint()))
                .toList();
        Account account = accounts.findById(accountId);
        boolean planAllowsSso =
                account != null && account.plan() != null && account.plan().allowsSso();
        Set<String> verified = domains.forAccount(accountId).stream()
                .filter(d -> d.status() == Domain.Status.VERIFIED)
                .map(Domain::domain)
                .collect(Collectors.toSet());
        return Optional.of(new Snapshot(
                c.accountId(),
                c.enabled(),
                c.idpEntityId(),
                c.defaultRole(),
                c.allowIdpInitiated(),
                c.clockSkewSeconds(),
                trusted,
                CertificateStatus.all(c, clock.instant()),
                planAllowsSso,
                verified,
                c.allowOtherEmailDomains()));
    }

    public void invalidate(String accountId) {
        generation.incrementAndGet();
        cache.remove(accountId);
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_COMPLETION) SsoConnectionChanged changed) {
        invalidate(changed.accountId());
    }
}
