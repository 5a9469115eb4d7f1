package io.gatehouse.testsupport;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering every service keeps (issue 19 point 1), checked by each service's {@code LayeringTest}: the domain
 * knows nothing of HTTP (no REST models, no JAX-RS, no HTTP statuses: it throws {@code DomainException}s whose
 * kind the REST layer maps to a status), and OpenSAML is used only inside {@code saml/}; and the one entity style
 * (issue 19 point 2, ADR 0018): an entity's state is private.
 */
public final class LayeringRules {
    private LayeringRules() {}

    /** No class of a {@code domain} package uses a class of a {@code rest} package. */
    public static final ArchRule DOMAIN_DOES_NOT_USE_REST = noClasses()
            .that()
            .resideInAPackage("..domain..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..rest..")
            .because("the REST layer maps its models to the domain's own command records, not the other way round");

    /** No class of a {@code domain} package uses JAX-RS or the problem+json types (ApiException, Problem). */
    public static final ArchRule DOMAIN_DOES_NOT_USE_HTTP = noClasses()
            .that()
            .resideInAPackage("..domain..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta.ws.rs..", "io.gatehouse.platform.problem..", "org.jboss.resteasy..")
            .because("use cases throw DomainException with a stable code; platform's ProblemMappers choose the status");

    /** OpenSAML (and its Shibboleth support library) only inside the {@code saml} package and its sub-packages. */
    public static final ArchRule OPENSAML_ONLY_IN_SAML = noClasses()
            .that()
            .resideOutsideOfPackage("..saml..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.opensaml..", "net.shibboleth..")
            .because("SAML parsing and validation live in saml/; the rest of the service sees plain records");

    /**
     * Every instance field of a JPA entity (or of an embeddable, such as a composite key) is private: other classes
     * read it through accessors and change it through behaviour methods (ADR 0018).
     */
    public static final ArchRule ENTITY_STATE_IS_PRIVATE = fields().that()
            .areNotStatic()
            .and()
            .areDeclaredInClassesThat(
                    or(annotatedWith("jakarta.persistence.Entity"), annotatedWith("jakarta.persistence.Embeddable")))
            .should()
            .bePrivate()
            .because("an entity changes only through its behaviour methods, which keep its invariants (ADR 0018)");
}
