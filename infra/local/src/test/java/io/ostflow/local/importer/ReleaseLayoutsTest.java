package io.ostflow.local.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.Json;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import io.ostflow.phantom.SiteStyle;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The phantom written in each release's published layout comes back through its importer as the
 * same sites and cases: the whole import path runs without the real data.
 */
class ReleaseLayoutsTest {
    @TempDir static Path dir;
    static List<Path> sites;

    @BeforeAll
    static void phantom() {
        sites =
                new PhantomGenerator(
                                new PhantomSpec(
                                        2,
                                        1,
                                        3,
                                        2,
                                        1,
                                        new int[] {16, 16, 12},
                                        3,
                                        List.of(SiteStyle.of("wmh"))))
                        .writeAll(dir.resolve("nnunet"));
    }

    @Test
    void fets2022RoundTripsItsGliomaSitesAsPartitions() {
        Path out = dir.resolve("fets");
        List<String> said = new ReleaseLayouts().write("fets2022", sites, out);

        ImportResult imported =
                new BratsImporter()
                        .run(
                                new BratsImporter.Request(
                                        out.resolve("FeTS2022"),
                                        out.resolve("partitioning_1.csv"),
                                        Set.of(),
                                        Set.of(),
                                        0),
                                dir.resolve("fets-sites"));

        assertThat(said).anyMatch(s -> s.contains("skipped")); // the WMH-like site
        assertThat(imported.problems()).isEmpty();
        assertThat(imported.sites()).hasSize(2);
        assertThat(descriptor(imported.sites().get(0)).numTraining()).isEqualTo(3);
        assertThat(descriptor(imported.sites().get(0)).ostflow().imported().format())
                .isEqualTo("fets2022");
    }

    @Test
    void wmhRoundTripsItsFlairSite() {
        Path out = dir.resolve("wmh");
        new ReleaseLayouts().write("wmh", sites, out);

        ImportResult imported =
                new WmhImporter()
                        .run(new WmhImporter.Request(out, Set.of(), 0), dir.resolve("wmh-sites"));

        assertThat(imported.problems()).isEmpty();
        assertThat(imported.sites()).hasSize(1);
        assertThat(descriptor(imported.sites().get(0)).numTraining())
                .as("2 labelled + 1 held out")
                .isEqualTo(3);
    }

    @Test
    void msdRoundTripsEveryGliomaCaseIntoOneTask() {
        Path out = dir.resolve("msd");
        new ReleaseLayouts().write("msd", sites, out);

        ImportResult imported =
                new MsdImporter()
                        .run(
                                new MsdImporter.Request(
                                        out.resolve("Task01_BrainTumour"), 30, false, 0),
                                dir.resolve("msd-sites"));

        assertThat(imported.problems()).isEmpty();
        DatasetDescriptor d = descriptor(imported.sites().get(0));
        assertThat(d.numTraining()).isEqualTo(6);
        assertThat(d.channelNames().values())
                .containsExactlyInAnyOrder("FLAIR", "T1", "T1ce", "T2");
        assertThat(d.labels().keySet()).contains("ED", "NCR", "ET");
    }

    @Test
    void iseg2019RoundTripsAnInfantSiteThroughAnalyzePairs() throws Exception {
        List<Path> infant =
                new PhantomGenerator(
                                new PhantomSpec(
                                        1,
                                        1,
                                        2,
                                        3,
                                        0,
                                        new int[] {16, 16, 12},
                                        5,
                                        List.of(SiteStyle.of("infant"))))
                        .writeAll(dir.resolve("infant"));
        Path out = dir.resolve("iseg");
        List<String> said = new ReleaseLayouts().write("iseg2019", infant, out);
        Path release = out.resolve("iSeg-2019-Training-02");

        ImportResult imported =
                new IsegImporter()
                        .run(
                                new IsegImporter.Request(release, 9, true, 1),
                                dir.resolve("iseg-sites"));

        assertThat(said).anyMatch(s -> s.contains("skipped")).anyMatch(s -> s.contains("02 ->"));
        assertThat(imported.problems()).isEmpty();
        DatasetDescriptor d = descriptor(imported.sites().get(0));
        assertThat(d.numTraining()).isEqualTo(2);
        assertThat(d.labels().keySet()).contains("CSF", "GM", "WM");
        Path site = imported.sites().get(0);
        var original =
                new io.ostflow.nifti.NiftiReader()
                        .read(infant.get(1).resolve("labelsTr/case001.nii.gz"));
        var back = new io.ostflow.nifti.NiftiReader().read(site.resolve("labelsTr/case000.nii.gz"));
        for (int i = 0; i < original.voxels().size(); i++) {
            assertThat(back.voxels().get(i)).isEqualTo(original.voxels().get(i));
        }
    }

    private static DatasetDescriptor descriptor(Path site) {
        try {
            return Json.mapper()
                    .readValue(site.resolve("dataset.json").toFile(), DatasetDescriptor.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
