package io.vigil.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engine's layering: its packages form no cycle (the core, {@code algorithms}, knows no
 * algorithm; trainers register through {@code AlgorithmProvider}), and it is a library that knows
 * nothing of HTTP, databases or the server that uses it.
 */
@AnalyzeClasses(packages = "io.vigil.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineLayeringTest {

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.vigil.engine.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule knowsNothingOfHttpDatabasesOrTheServer = noClasses().that().resideInAPackage("io.vigil.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "org.jdbi..", "java.sql..",
                    "javax.sql..", "io.vigil.server..");
}
