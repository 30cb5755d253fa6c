package io.ostflow.trainer.architecture;

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
        packages = "io.ostflow.trainer",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.ostflow.trainer.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theDomainIsPlainJava =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "..trainer.augment..",
                            "..trainer.data..",
                            "..trainer.model..",
                            "..trainer.inference..",
                            "..trainer.reuse..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(FrameworkPackages.ALL);

    @ArchTest
    static final ArchRule knowledgePointsDown =
            layeredArchitecture()
                    .consideringOnlyDependenciesInLayers()
                    .layer("augment")
                    .definedBy("..trainer.augment..")
                    .layer("data")
                    .definedBy("..trainer.data..")
                    .layer("model")
                    .definedBy("..trainer.model..")
                    .layer("inference")
                    .definedBy("..trainer.inference..")
                    .layer("reuse")
                    .definedBy("..trainer.reuse..")
                    .layer("config")
                    .definedBy("..trainer.config..")
                    .layer("service")
                    .definedBy("..trainer.service..")
                    .layer("listener")
                    .definedBy("..trainer.listener..")
                    .layer("local")
                    .definedBy("..trainer.local..")
                    .layer("wiring")
                    .definedBy("..trainer.wiring..")
                    .whereLayer("augment")
                    .mayNotAccessAnyLayer()
                    .whereLayer("data")
                    .mayOnlyAccessLayers("augment")
                    .whereLayer("model")
                    .mayOnlyAccessLayers("augment", "data")
                    .whereLayer("inference")
                    .mayOnlyAccessLayers("data", "model")
                    .whereLayer("reuse")
                    .mayOnlyAccessLayers("model")
                    .whereLayer("config")
                    .mayNotAccessAnyLayer()
                    .whereLayer("service")
                    .mayOnlyAccessLayers("config", "augment", "data", "model", "inference", "reuse")
                    .whereLayer("listener")
                    .mayOnlyAccessLayers("config", "inference", "service")
                    .whereLayer("local")
                    .mayOnlyAccessLayers(
                            "augment", "data", "model", "inference", "reuse", "service")
                    .whereLayer("wiring")
                    .mayNotBeAccessedByAnyLayer();
}
