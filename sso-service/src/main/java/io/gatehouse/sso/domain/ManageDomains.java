package io.gatehouse.sso.domain;

import io.gatehouse.platform.domain.DomainException;
import io.gatehouse.sso.client.DnsTxtLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

/** Adds an email domain (with a TXT challenge) and verifies it through DNS. */
@ApplicationScoped
public class ManageDomains {
    private final DomainRepository domains;
    private final DnsTxtLookup dns;
    private final Clock clock;
    private final Event<ConnectionSnapshots.SsoConnectionChanged> changed;

    public ManageDomains(
            DomainRepository domains,
            DnsTxtLookup dns,
            Clock clock,
            Event<ConnectionSnapshots.SsoConnectionChanged> changed) {
        this.domains = domains;
        this.dns = dns;
        this.clock = clock;
        this.changed = changed;
    }

    @Transactional
    public Domain add(String accountId, String rawDomain) {
        String domain = DomainNames.normalise(rawDomain);
        if (domain == null) {
            throw DomainException.validation("domain must be a domain name such as acme.com");
        }
        var existing = domains.find(accountId, domain);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (domains.verified(domain).isPresent()) {
            throw DomainException.conflict("domain_taken", "this domain is verified by another account");
        }
        Domain d = Domain.create(accountId, domain, "gatehouse-verification=" + Tokens.random(24), clock.instant());
        domains.persist(d);
        return d;
    }

    public List<Domain> list(String accountId) {
        return domains.forAccount(accountId);
    }

    /** Looks the TXT record up (outside any transaction) and marks the domain VERIFIED. */
    public Domain verify(String accountId, String rawDomain) {
        String domain = DomainNames.normalise(rawDomain);
        Domain d = domain == null ? null : domains.find(accountId, domain).orElse(null);
        if (d == null) {
            throw DomainException.notFound("not_found", "no such domain for this account");
        }
        if (d.status() == Domain.Status.VERIFIED) {
            return d;
        }
        List<String> values = dns.txt(d.txtRecordName());
        if (!values.contains(d.txtValue())) {
            throw DomainException.conflict(
                    "domain_not_verified",
                    "TXT record " + d.txtRecordName() + " with value " + d.txtValue() + " was not found (found "
                            + values.size() + " TXT value(s))");
        }
        try {
            return markVerified(d.id());
        } catch (DomainException e) {
            throw e;
        } catch (RuntimeException e) { // the unique index: another account verified it meanwhile
            throw DomainException.conflict("domain_taken", "this domain is verified by another account");
        }
    }

    @Transactional
    Domain markVerified(Long id) {
        Domain d = domains.findById(id);
        if (domains.verified(d.domain()).filter(other -> !other.id().equals(id)).isPresent()) {
            throw DomainException.conflict("domain_taken", "this domain is verified by another account");
        }
        d.verify(clock.instant());
        domains.flush();
        // the ACS's snapshot holds the verified domains (the email domain rule)
        changed.fire(new ConnectionSnapshots.SsoConnectionChanged(d.accountId()));
        return d;
    }
}
