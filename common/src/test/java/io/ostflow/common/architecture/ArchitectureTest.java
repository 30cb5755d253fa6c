package io.ostflow.common.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * common is the floor every service stands on (docs/architecture.md, Layers): it knows no service
 * and its packages do not go round in circles.
 */
@AnalyzeClasses(
        packages = {"io.ostflow.common", "io.ostflow.nifti", "io.ostflow.phantom"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.ostflow.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule commonKnowsNoService =
            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.ostflow.ingest..",
                            "io.ostflow.affinity..",
                            "io.ostflow.planner..",
                            "io.ostflow.trainer..",
                            "io.ostflow.local..",
                            "io.ostflow.experiments..");

    @ArchTest
    static final ArchRule theNiftiCodecAndThePhantomKnowNoBrokerNorFramework =
            noClasses()
                    .that()
                    .resideInAnyPackage("io.ostflow.nifti..", "io.ostflow.phantom..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.quarkus..", "jakarta..", "org.apache.kafka..", "io.minio..");
}
