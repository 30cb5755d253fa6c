package io.ostflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Role;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.local.importer.BratsImporter;
import io.ostflow.local.importer.ImportResult;
import io.ostflow.local.importer.IsegImporter;
import io.ostflow.local.importer.MsdImporter;
import io.ostflow.local.importer.WmhImporter;
import io.ostflow.local.testing.LocalStackResource;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.nifti.NiftiWriter;
import io.ostflow.nifti.Voxels;
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

    @Test
    void aDecathlonTaskSplitsItsFourDimensionalImagesIntoChannelsThatRegister(@TempDir Path dir)
            throws Exception {
        Path task = Files.createDirectories(dir.resolve("Task01_BrainTumour"));
        Path phantom = IngestFixtures.drop(dir.resolve("phantom"), Role.SOURCE, 3, 73);
        StringBuilder training = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            String id = String.format("BRATS_%03d", k + 1);
            msdSubject(phantom, PhantomGenerator.caseId(k), task, id);
            training.append(k == 0 ? "" : ",")
                    .append(
                            String.format(
                                    "{\"image\":\"./imagesTr/%s.nii.gz\",\"label\":\"./labelsTr/%s.nii.gz\"}",
                                    id, id));
        }
        training.append(
                ",{\"image\":\"./imagesTr/BRATS_009.nii.gz\",\"label\":\"./labelsTr/BRATS_009.nii.gz\"}");
        Files.writeString(
                task.resolve("dataset.json"),
                "{\"name\":\"BRATS\",\"tensorImageSize\":\"4D\","
                        + "\"modality\":{\"0\":\"FLAIR\",\"1\":\"T1w\",\"2\":\"t1gd\",\"3\":\"T2w\"},"
                        + "\"labels\":{\"0\":\"background\",\"1\":\"edema\",\"2\":\"non-enhancing tumor\",\"3\":\"enhancing tumour\"},"
                        + "\"numTraining\":4,\"numTest\":0,\"training\":["
                        + training
                        + "],\"test\":[]}");
        long before = countFiles(task);

        ImportResult result =
                new MsdImporter()
                        .run(new MsdImporter.Request(task, 7, false, 0), dir.resolve("out"));

        assertThat(countFiles(task)).as("the source is only read").isEqualTo(before);
        assertThat(result.sites()).containsExactly(dir.resolve("out/07"));
        assertThat(result.problems())
                .singleElement()
                .asString()
                .contains("BRATS_009", "unreadable");
        // nibabel, an independent reader: channel c of the split equals volume c of the 4-D file
        String script =
                "import json, sys, nibabel as nib, numpy as np\n"
                        + "four = nib.load(sys.argv[1]); d = np.asanyarray(four.dataobj)\n"
                        + "ok = []\n"
                        + "for c in range(4):\n"
                        + "  one = nib.load(sys.argv[2] + '_%04d.nii.gz' % c)\n"
                        + "  ok.append(bool(one.shape == four.shape[:3]"
                        + " and np.array_equal(np.asanyarray(one.dataobj), d[..., c])"
                        + " and np.allclose(one.affine, four.affine)))\n"
                        + "print(json.dumps(ok))\n";
        Process python =
                new ProcessBuilder(
                                "/usr/bin/python3",
                                "-c",
                                script,
                                task.resolve("imagesTr/BRATS_001.nii.gz").toString(),
                                dir.resolve("out/07/imagesTr/case000").toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(python.getInputStream().readAllBytes()).trim();
        assertThat(python.waitFor())
                .as("python3-nibabel (.ci/run installs it): " + output)
                .isZero();
        assertThat(output).isEqualTo("[true, true, true, true]");
        assertThat(Files.readString(dir.resolve("out/07/dataset.json")))
                .contains("\"FLAIR\"", "\"T1ce\"", "\"ED\"", "\"NCR\"", "\"ET\"");

        String site = IngestFixtures.uniqueSite("msd");
        IngestFixtures.upload(dir.resolve("out/07"), site);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> !IngestFixtures.registered(site).isEmpty());
        assertThat(IngestFixtures.rejected(site)).isEmpty();
        DatasetRegistered registered = IngestFixtures.registered(site).get(0);
        assertThat(registered.imported())
                .as("the release and each case's subject id travel with the registration")
                .isEqualTo(
                        new DatasetRegistered.Imported(
                                "msd",
                                "Task01_BrainTumour",
                                java.util.Map.of(
                                        "case000", "BRATS_001",
                                        "case001", "BRATS_002",
                                        "case002", "BRATS_003")));
        assertThat(registered.warnings())
                .as("subjects.csv is provenance, not an ignored file")
                .noneMatch(w -> w.key().endsWith("subjects.csv"));
        assertThat(IngestFixtures.tasks(site))
                .extracting(t -> t.task().toString())
                .contains(site + "-T1ce-ET", site + "-FLAIR-ED", site + "-T2-NCR");
    }

    @Test
    void anIsegReleaseOfAnalyzePairsImportsIntoAT1T2SiteThatRegisters(@TempDir Path dir)
            throws Exception {
        Path release = Files.createDirectories(dir.resolve("iSeg-2019-Training"));
        Path phantom = IngestFixtures.drop(dir.resolve("phantom"), Role.SOURCE, 3, 74);
        // nibabel writes the published layout: Analyze 7.5 pairs, labels 10 / 150 / 250
        String script =
                "import sys, nibabel as nib, numpy as np\n"
                        + "src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])\n"
                        + "for k in range(n):\n"
                        + "  case = 'case%03d' % (k + 1)\n"
                        + "  for c, part in ((0, 'T1'), (2, 'T2')):\n"
                        + "    img = nib.load('%s/imagesTr/%s_%04d.nii.gz' % (src, case, c))\n"
                        + "    d = np.asanyarray(img.dataobj).astype(np.int16)\n"
                        + "    nib.AnalyzeImage(d, img.affine).to_filename('%s/subject-%d-%s.hdr' % (out, k + 1, part))\n"
                        + "  lab = np.asanyarray(nib.load('%s/labelsTr/%s.nii.gz' % (src, case)).dataobj)\n"
                        + "  coded = np.choose(lab.astype(np.int64), [0, 10, 150, 250]).astype(np.uint8)\n"
                        + "  nib.AnalyzeImage(coded, img.affine).to_filename('%s/subject-%d-label.hdr' % (out, k + 1))\n";
        Process python =
                new ProcessBuilder(
                                "/usr/bin/python3",
                                "-c",
                                script,
                                phantom.toString(),
                                release.toString(),
                                "3")
                        .redirectErrorStream(true)
                        .start();
        String output = new String(python.getInputStream().readAllBytes());
        assertThat(python.waitFor())
                .as("python3-nibabel (.ci/run installs it): " + output)
                .isZero();
        Files.delete(release.resolve("subject-3-T2.img"));
        long before = countFiles(release);

        ImportResult result =
                new IsegImporter()
                        .run(new IsegImporter.Request(release, 9, false, 0), dir.resolve("out"));

        assertThat(countFiles(release)).as("the source is only read").isEqualTo(before);
        assertThat(result.sites()).containsExactly(dir.resolve("out/09"));
        assertThat(result.problems())
                .singleElement()
                .asString()
                .contains("subject-3", "missing subject-3-T2.img");
        NiftiImage t1 = new NiftiReader().read(dir.resolve("out/09/imagesTr/case000_0000.nii.gz"));
        NiftiImage original =
                new NiftiReader()
                        .read(
                                phantom.resolve(
                                        "imagesTr/" + PhantomGenerator.caseId(0) + "_0000.nii.gz"));
        assertThat(t1.header().dims()).isEqualTo(original.header().dims());
        for (int i = 0; i < t1.voxels().size(); i += 97) {
            assertThat(t1.voxels().get(i)).isEqualTo((double) (short) original.voxels().get(i));
        }
        NiftiImage label = new NiftiReader().read(dir.resolve("out/09/labelsTr/case001.nii.gz"));
        NiftiImage phantomLabel =
                new NiftiReader()
                        .read(
                                phantom.resolve(
                                        "labelsTr/" + PhantomGenerator.caseId(1) + ".nii.gz"));
        double[] codes = {0, 10, 150, 250};
        for (int i = 0; i < label.voxels().size(); i++) {
            assertThat(label.voxels().get(i)).isEqualTo(codes[(int) phantomLabel.voxels().get(i)]);
        }

        String site = IngestFixtures.uniqueSite("iseg");
        IngestFixtures.upload(dir.resolve("out/09"), site);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> !IngestFixtures.registered(site).isEmpty());
        assertThat(IngestFixtures.rejected(site)).isEmpty();
        assertThat(IngestFixtures.tasks(site))
                .extracting(t -> t.task().toString())
                .contains(site + "-T1-CSF", site + "-T2-GM", site + "-T1-WM");
    }

    /**
     * One Decathlon subject: the phantom's four channels as one 4-D image in the Decathlon's order
     * (FLAIR, T1w, t1gd, T2w) and its label map recoded (1 edema, 2 non-enhancing, 3 enhancing).
     */
    private static void msdSubject(Path phantom, String caseId, Path task, String id)
            throws IOException {
        int[] order = {3, 0, 1, 2};
        NiftiImage first =
                new NiftiReader()
                        .read(phantom.resolve(String.format("imagesTr/%s_%04d.nii.gz", caseId, 0)));
        NiftiHeader h = first.header();
        int xyz = h.dim(0) * h.dim(1) * h.dim(2);
        Voxels all = Voxels.allocate(h.datatype(), xyz * 4);
        for (int c = 0; c < 4; c++) {
            NiftiImage channel =
                    new NiftiReader()
                            .read(
                                    phantom.resolve(
                                            String.format(
                                                    "imagesTr/%s_%04d.nii.gz", caseId, order[c])));
            for (int i = 0; i < xyz; i++) {
                all.set(c * xyz + i, channel.voxels().get(i));
            }
        }
        Files.createDirectories(task.resolve("imagesTr"));
        Files.createDirectories(task.resolve("labelsTr"));
        NiftiWriter.write(
                new NiftiImage(h.toBuilder().dims(h.dim(0), h.dim(1), h.dim(2), 4).build(), all),
                task.resolve("imagesTr/" + id + ".nii.gz"));
        NiftiImage label =
                new NiftiReader().read(phantom.resolve("labelsTr/" + caseId + ".nii.gz"));
        for (int i = 0; i < label.voxels().size(); i++) {
            double v = label.voxels().get(i);
            label.voxels().set(i, v == 1 ? 2 : v == 2 ? 1 : v);
        }
        NiftiWriter.write(label, task.resolve("labelsTr/" + id + ".nii.gz"));
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
