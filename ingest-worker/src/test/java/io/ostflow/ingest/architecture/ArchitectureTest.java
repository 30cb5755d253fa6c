package io.ostflow.ingest.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.ostflow.local.testing.FrameworkPackages;

/**
 * The ingest-worker's shape: drop checks in a plain domain, knowledge pointing down
 * (docs/architecture.md, Layers).
 */
@AnalyzeClasses(
        packages = "io.ostflow.ingest",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.ostflow.ingest.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theDomainIsPlainJava =
            noClasses()
                    .that()
                    .resideInAnyPackage("..ingest.domain..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(FrameworkPackages.ALL);

    @ArchTest
    static final ArchRule knowledgePointsDown =
            layeredArchitecture()
                    .consideringOnlyDependenciesInLayers()
                    .layer("domain")
                    .definedBy("..ingest.domain..")
                    .layer("config")
                    .definedBy("..ingest.config..")
                    .layer("service")
                    .definedBy("..ingest.service..")
                    .layer("listener")
                    .definedBy("..ingest.listener..")
                    .layer("wiring")
                    .definedBy("..ingest.wiring..")
                    .whereLayer("domain")
                    .mayNotAccessAnyLayer()
                    .whereLayer("config")
                    .mayNotAccessAnyLayer()
                    .whereLayer("service")
                    .mayOnlyAccessLayers("domain", "config")
                    .whereLayer("listener")
                    .mayOnlyAccessLayers("domain", "config", "service")
                    .whereLayer("wiring")
                    .mayNotBeAccessedByAnyLayer();
}
