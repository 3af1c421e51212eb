package io.vigil.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The server's layering. Only the HTTP layer speaks HTTP: {@code http/}, the {@code *Api} classes
 * with their wire formats ({@code serving/api}), the route table ({@code api/}) and the wiring
 * ({@code Vigil}). Everything else speaks in domain terms and fails with {@code core.VigilException},
 * whose kinds {@code http.ErrorMapper} alone turns into statuses. {@code core} depends on no other
 * room, {@code auth} on {@code core} and its libraries only, the metrics on what they watch and
 * Micrometer, and the rooms of serving form no cycle.
 */
@AnalyzeClasses(packages = "io.vigil.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ServerLayeringTest {

    @ArchTest
    static final ArchRule onlyTheHttpLayerSpeaksHttp = noClasses()
            .that().resideOutsideOfPackages("io.vigil.server.http..", "io.vigil.server.api..", "io.vigil.server.serving.api..")
            .and().haveNameNotMatching(".*Api(\\$.*)?") // an *Api class and the classes nested in it
            .and().doNotHaveFullyQualifiedName("io.vigil.server.Vigil")
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..",
                    "io.vigil.server.http..");

    @ArchTest
    static final ArchRule coreDependsOnNoOtherRoom = classes().that().resideInAPackage("io.vigil.server.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.vigil.server.core..", "java..", "com.fasterxml.jackson..");

    /** Identity is a domain room: what it may import is held here, so the HTTP layer stays its only door. */
    @ArchTest
    static final ArchRule authDependsOnCoreAndItsLibrariesOnly = classes().that().resideInAPackage("io.vigil.server.auth..")
            .and().haveNameNotMatching(".*Api(\\$.*)?")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.vigil.server.auth..", "io.vigil.server.core..", "java..",
                    "javax.crypto..", "com.fasterxml.jackson..", "org.jdbi..", "com.nimbusds..", "org.bouncycastle..",
                    "com.github.benmanes.caffeine..", "org.slf4j..");

    /** The audit log is a domain room too: it knows callers and roles, the database, and no HTTP (but its {@code AuditApi}). */
    @ArchTest
    static final ArchRule auditDependsOnCoreAuthAndItsLibrariesOnly = classes().that().resideInAPackage("io.vigil.server.audit..")
            .and().haveNameNotMatching(".*Api(\\$.*)?")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.vigil.server.audit..", "io.vigil.server.auth..",
                    "io.vigil.server.core..", "java..", "com.fasterxml.jackson..", "org.jdbi..", "org.slf4j..");

    /** The rate limits' buckets know no HTTP and no caller: the HTTP layer asks them by group, id and address. */
    @ArchTest
    static final ArchRule limitsDependOnTheirLibrariesOnly = classes().that().resideInAPackage("io.vigil.server.limits..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.vigil.server.limits..", "java..", "io.github.bucket4j..",
                    "com.github.benmanes.caffeine..");

    /**
     * The metrics read what they watch (serving's counts, the job queue) and Micrometer; only their
     * {@code PrometheusApi} speaks HTTP. Nothing they watch depends on them: serving counts through
     * its own port ({@code serving.scoring.ScoringMeters}), the HTTP layer through its {@code HttpMeters}.
     */
    @ArchTest
    static final ArchRule metricsDependOnWhatTheyWatchAndMicrometer = classes()
            .that().resideInAPackage("io.vigil.server.monitoring.metrics..").and().haveNameNotMatching(".*Api(\\$.*)?")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.vigil.server.monitoring.metrics..", "io.vigil.server.core..",
                    "io.vigil.server.auth..", "io.vigil.server.jobs..", "io.vigil.server.serving.models..",
                    "io.vigil.server.serving.scoring..", "io.vigil.server.serving.api..", "io.vigil.engine..", "java..", "io.micrometer..",
                    "org.slf4j..");

    /** Only the wiring, the settings, the route table and the rest of monitoring know the metrics. */
    @ArchTest
    static final ArchRule nothingWatchedDependsOnTheMetrics = noClasses()
            .that().resideOutsideOfPackages("io.vigil.server.monitoring..", "io.vigil.server.config..", "io.vigil.server.api..")
            .and().doNotHaveFullyQualifiedName("io.vigil.server.Vigil")
            .should().dependOnClassesThat().resideInAPackage("io.vigil.server.monitoring.metrics..");

    @ArchTest
    static final ArchRule servingRoomsFormNoCycle = slices().matching("io.vigil.server.serving.(*)..").should().beFreeOfCycles();
}
