package io.gatehouse.sso;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.gatehouse.testsupport.LayeringRules;

/** The service's layering (test-support's {@link LayeringRules}), checked on its main classes. */
@AnalyzeClasses(packages = "io.gatehouse.sso", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    @ArchTest
    static final ArchRule domainDoesNotUseRest = LayeringRules.DOMAIN_DOES_NOT_USE_REST;

    @ArchTest
    static final ArchRule domainDoesNotUseHttp = LayeringRules.DOMAIN_DOES_NOT_USE_HTTP;

    @ArchTest
    static final ArchRule openSamlOnlyInSaml = LayeringRules.OPENSAML_ONLY_IN_SAML;

    @ArchTest
    static final ArchRule entityStateIsPrivate = LayeringRules.ENTITY_STATE_IS_PRIVATE;
}
