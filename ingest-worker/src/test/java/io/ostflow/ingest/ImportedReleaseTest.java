package io.ostflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Role;
import io.ostflow.local.importer.BratsImporter;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.nifti.NiftiWriter;
import io.ostflow.phantom.PhantomGenerator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FeTS 2022 release as published ({@code ID/ID_{t1,t1ce,t2,flair,seg}.nii.gz}, labels 1, 2, 4, a
 * partitioning CSV) imported with {@code ostflow import fets2022} registers with the ingest's own
 * validation; a subject with a missing file is listed and left out; the source is only read.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class ImportedReleaseTest {
    private static final List<String> SUFFIXES = List.of("t1", "t1ce", "t2", "flair");

    @Test
    void aFetsReleaseImportsIntoSitesThatRegister(@TempDir Path dir) throws IOException {
        Path release = Files.createDirectories(dir.resolve("FeTS2022"));
        Path phantom = IngestFixtures.drop(dir.resolve("phantom"), Role.SOURCE, 3, 71);
        for (int k = 0; k < 3; k++) {
            subject(phantom, PhantomGenerator.caseId(k), release, "FeTS2022_0000" + k);
        }
        Files.delete(release.resolve("FeTS2022_00002/FeTS2022_00002_t2.nii.gz"));
        Path csv = dir.resolve("partitioning_1.csv");
        Files.writeString(
                csv,
                "Partition_ID,Subject_ID\n1,FeTS2022_00000\n1,FeTS2022_00001\n2,FeTS2022_00002\n");
        long before = countFiles(release);

        BratsImporter.Result result =
                new BratsImporter()
                        .run(
                                new BratsImporter.Request(release, csv, Set.of(), Set.of(), 0),
                                dir.resolve("out"));

        assertThat(result.sites()).containsExactly(dir.resolve("out/01"));
        assertThat(result.problems())
                .anySatisfy(p -> assertThat(p).contains("FeTS2022_00002", "missing"))
                .anySatisfy(p -> assertThat(p).contains("site 02", "not written"));
        assertThat(countFiles(release)).as("the source is only read").isEqualTo(before);
        assertThat(Files.readString(dir.resolve("out/01/subjects.csv")))
                .contains("case000,FeTS2022_00000", "case001,FeTS2022_00001");

        String site = IngestFixtures.uniqueSite("fets");
        IngestFixtures.upload(dir.resolve("out/01"), site);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> !IngestFixtures.registered(site).isEmpty());
        assertThat(IngestFixtures.rejected(site)).isEmpty();
        assertThat(IngestFixtures.tasks(site))
                .extracting(t -> t.task().toString())
                .contains(site + "-T1ce-ET", site + "-FLAIR-ED", site + "-T2-NCR");
    }

    /** One subject in the published layout, its label map recoded as BraTS's (ET 3 -> 4). */
    private static void subject(Path phantom, String caseId, Path release, String subject)
            throws IOException {
        Path folder = Files.createDirectories(release.resolve(subject));
        for (int c = 0; c < SUFFIXES.size(); c++) {
            Files.copy(
                    phantom.resolve(String.format("imagesTr/%s_%04d.nii.gz", caseId, c)),
                    folder.resolve(subject + "_" + SUFFIXES.get(c) + ".nii.gz"));
        }
        NiftiImage label =
                new NiftiReader().read(phantom.resolve("labelsTr/" + caseId + ".nii.gz"));
        for (int i = 0; i < label.voxels().size(); i++) {
            if (label.voxels().get(i) == 3) {
                label.voxels().set(i, 4);
            }
        }
        NiftiWriter.write(label, folder.resolve(subject + "_seg.nii.gz"));
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
