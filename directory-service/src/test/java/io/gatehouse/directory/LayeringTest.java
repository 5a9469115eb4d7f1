package io.gatehouse.directory;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.gatehouse.testsupport.LayeringRules;

/** The service's layering (test-support's {@link LayeringRules}), checked on its main classes. */
@AnalyzeClasses(packages = "io.gatehouse.directory", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    @ArchTest
    static final ArchRule domainDoesNotUseRest = LayeringRules.DOMAIN_DOES_NOT_USE_REST;

    @ArchTest
    static final ArchRule domainDoesNotUseHttp = LayeringRules.DOMAIN_DOES_NOT_USE_HTTP;

    @ArchTest
    static final ArchRule entityStateIsPrivate = LayeringRules.ENTITY_STATE_IS_PRIVATE;
}
