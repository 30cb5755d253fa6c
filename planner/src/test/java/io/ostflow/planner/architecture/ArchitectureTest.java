package io.ostflow.planner.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.ostflow.local.testing.FrameworkPackages;

/**
 * The planner's shape (docs/architecture.md, The planner inside): packages by concern, knowledge
 * pointing down only, the domain free of the framework, the broker and the store.
 */
@AnalyzeClasses(
        packages = "io.ostflow.planner",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** The packages that hold the method and the bookkeeping: plain Java over common's types. */
    static final String[] DOMAIN = {
        "..planner.graph..", "..planner.evaluation..", "..planner.ledger..", "..planner.planning.."
    };

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.ostflow.planner.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule knowledgePointsDown =
            layeredArchitecture()
                    .consideringOnlyDependenciesInLayers()
                    .layer("graph")
                    .definedBy("..planner.graph..")
                    .layer("calibration")
                    .definedBy("..planner.evaluation.calibration..")
                    .layer("ledger")
                    .definedBy("..planner.ledger..")
                    .layer("audit")
                    .definedBy("..planner.evaluation.audit..")
                    .layer("planning")
                    .definedBy("..planner.planning..")
                    .layer("config")
                    .definedBy("..planner.config..")
                    .layer("messaging")
                    .definedBy("..planner.messaging..")
                    .layer("web")
                    .definedBy("..planner.web..")
                    .layer("wiring")
                    .definedBy("..planner.wiring..")
                    .whereLayer("graph")
                    .mayNotAccessAnyLayer()
                    .whereLayer("calibration")
                    .mayNotAccessAnyLayer()
                    .whereLayer("config")
                    .mayNotAccessAnyLayer()
                    .whereLayer("ledger")
                    .mayOnlyAccessLayers("graph")
                    .whereLayer("audit")
                    .mayOnlyAccessLayers("graph", "ledger", "calibration")
                    .whereLayer("planning")
                    .mayOnlyAccessLayers("graph", "ledger", "audit", "calibration")
                    .whereLayer("messaging")
                    .mayOnlyAccessLayers(
                            "config", "planning", "ledger", "audit", "calibration", "graph")
                    .whereLayer("web")
                    .mayOnlyAccessLayers(
                            "config",
                            "messaging",
                            "planning",
                            "ledger",
                            "audit",
                            "calibration",
                            "graph")
                    .whereLayer("wiring")
                    .mayNotBeAccessedByAnyLayer();

    @ArchTest
    static final ArchRule theDomainIsPlainJava =
            noClasses()
                    .that()
                    .resideInAnyPackage(DOMAIN)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(FrameworkPackages.ALL);
}
