package io.ostflow.affinity.architecture;

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
        packages = "io.ostflow.affinity",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.ostflow.affinity.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theDomainIsPlainJava =
            noClasses()
                    .that()
                    .resideInAnyPackage("..affinity.math..", "..affinity.domain..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(FrameworkPackages.ALL);

    @ArchTest
    static final ArchRule knowledgePointsDown =
            layeredArchitecture()
                    .consideringOnlyDependenciesInLayers()
                    .layer("math")
                    .definedBy("..affinity.math..")
                    .layer("domain")
                    .definedBy("..affinity.domain..")
                    .layer("config")
                    .definedBy("..affinity.config..")
                    .layer("service")
                    .definedBy("..affinity.service..")
                    .layer("listener")
                    .definedBy("..affinity.listener..")
                    .layer("wiring")
                    .definedBy("..affinity.wiring..")
                    .whereLayer("math")
                    .mayNotAccessAnyLayer()
                    .whereLayer("domain")
                    .mayOnlyAccessLayers("math")
                    .whereLayer("config")
                    .mayNotAccessAnyLayer()
                    .whereLayer("service")
                    .mayOnlyAccessLayers("math", "domain", "config")
                    .whereLayer("listener")
                    .mayOnlyAccessLayers("config", "service")
                    .whereLayer("wiring")
                    .mayNotBeAccessedByAnyLayer();
}
