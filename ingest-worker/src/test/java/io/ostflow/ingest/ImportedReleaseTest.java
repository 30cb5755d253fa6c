package io.ostflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Role;
import io.ostflow.local.importer.BratsImporter;
import io.ostflow.local.importer.ImportResult;
import io.ostflow.local.importer.WmhImporter;
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

        ImportResult result =
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

    @Test
    void aWmhReleaseImportsIntoFlairSitesWithOtherPathologyAsBackground(@TempDir Path dir)
            throws IOException {
        Path release = Files.createDirectories(dir.resolve("WMH"));
        Path phantom = IngestFixtures.drop(dir.resolve("phantom"), Role.SOURCE, 3, 72);
        int wmh = 0;
        for (int k = 0; k < 3; k++) {
            wmh += wmhSubject(phantom, PhantomGenerator.caseId(k), release.resolve("Utrecht/" + k));
        }
        wmhSubject(phantom, PhantomGenerator.caseId(0), release.resolve("Singapore/50"));
        Files.delete(release.resolve("Singapore/50/wmh.nii.gz"));
        long before = countFiles(release);

        ImportResult result =
                new WmhImporter()
                        .run(new WmhImporter.Request(release, Set.of(), 0), dir.resolve("out"));

        assertThat(countFiles(release)).as("the source is only read").isEqualTo(before);
        assertThat(result.sites()).containsExactly(dir.resolve("out/02"));
        assertThat(result.problems())
                .anySatisfy(p -> assertThat(p).contains("Singapore", "50", "missing wmh.nii.gz"))
                .anySatisfy(p -> assertThat(p).contains("site 01", "not written"));
        assertThat(Files.readString(dir.resolve("out/sites.csv"))).contains("02,Utrecht");
        int written = 0;
        for (int k = 0; k < 3; k++) {
            NiftiImage label =
                    new NiftiReader()
                            .read(dir.resolve(String.format("out/02/labelsTr/case%03d.nii.gz", k)));
            for (int i = 0; i < label.voxels().size(); i++) {
                double v = label.voxels().get(i);
                assertThat(v).as("other pathology written as background").isIn(0.0, 1.0);
                written += (int) v;
            }
        }
        assertThat(written).as("every WMH voxel kept").isEqualTo(wmh).isPositive();

        String site = IngestFixtures.uniqueSite("wmh");
        IngestFixtures.upload(dir.resolve("out/02"), site);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> !IngestFixtures.registered(site).isEmpty());
        assertThat(IngestFixtures.rejected(site)).isEmpty();
        assertThat(IngestFixtures.tasks(site))
                .extracting(t -> t.task().toString())
                .containsExactly(site + "-FLAIR-WMH");
    }

    /**
     * One WMH subject: the phantom's FLAIR as pre/FLAIR.nii.gz and a reference with its oedema as
     * WMH (1) and its necrotic core as other pathology (2); returns the WMH voxels.
     */
    private static int wmhSubject(Path phantom, String caseId, Path subject) throws IOException {
        Files.createDirectories(subject.resolve("pre"));
        Files.copy(
                phantom.resolve(String.format("imagesTr/%s_%04d.nii.gz", caseId, 3)),
                subject.resolve("pre/FLAIR.nii.gz"));
        NiftiImage label =
                new NiftiReader().read(phantom.resolve("labelsTr/" + caseId + ".nii.gz"));
        int wmh = 0;
        for (int i = 0; i < label.voxels().size(); i++) {
            double v = label.voxels().get(i);
            double recoded = v == 2 ? 1 : v == 1 ? 2 : 0;
            label.voxels().set(i, recoded);
            wmh += recoded == 1 ? 1 : 0;
        }
        NiftiWriter.write(label, subject.resolve("wmh.nii.gz"));
        return wmh;
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
