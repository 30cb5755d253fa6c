package io.ostflow.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.nifti.NiftiDatatype;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhantomGeneratorTest {
    private static final PhantomSpec SPEC =
            new PhantomSpec(2, 1, 2, 1, 1, new int[] {48, 48, 32}, 7);

    @Test
    void theSameSpecGivesTheSameVoxelsAndAnotherSeedDoesNot() {
        PhantomGenerator a = new PhantomGenerator(SPEC);
        PhantomGenerator b = new PhantomGenerator(SPEC);
        PhantomCase first = a.generate(a.sites().get(0), "case001");
        PhantomCase again = b.generate(b.sites().get(0), "case001");
        assertThat(again.labels()).isEqualTo(first.labels());
        for (int c = 0; c < 4; c++) {
            assertThat(again.channels()[c]).isEqualTo(first.channels()[c]);
        }

        PhantomSpec other = new PhantomSpec(2, 1, 2, 1, 1, new int[] {48, 48, 32}, 8);
        PhantomGenerator c = new PhantomGenerator(other);
        assertThat(c.generate(c.sites().get(0), "case001").channels()[0])
                .isNotEqualTo(first.channels()[0]);
    }

    @Test
    void writesTheNnUnetRawLayoutWithOstflowSection(@TempDir Path out) throws Exception {
        List<Path> folders = new PhantomGenerator(SPEC).writeAll(out);

        assertThat(folders)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("01", "02", "03");
        DatasetDescriptor source =
                Json.mapper()
                        .readValue(
                                out.resolve("01/dataset.json").toFile(), DatasetDescriptor.class);
        assertThat(source.channelNames())
                .isEqualTo(Map.of("0", "T1", "1", "T1ce", "2", "T2", "3", "FLAIR"));
        assertThat(source.labels())
                .isEqualTo(
                        Map.of(
                                "background",
                                LabelValues.of(0),
                                "NCR",
                                LabelValues.of(1),
                                "ED",
                                LabelValues.of(2),
                                "ET",
                                LabelValues.of(3)));
        assertThat(source.numTraining()).isEqualTo(2);
        assertThat(source.fileEnding()).isEqualTo(".nii.gz");
        assertThat(source.ostflow()).isEqualTo(new DatasetDescriptor.Ostflow("01", Role.SOURCE, 0));
        assertThat(files(out.resolve("01")))
                .containsExactly(
                        "dataset.json",
                        "imagesTr/case001_0000.nii.gz",
                        "imagesTr/case001_0001.nii.gz",
                        "imagesTr/case001_0002.nii.gz",
                        "imagesTr/case001_0003.nii.gz",
                        "imagesTr/case002_0000.nii.gz",
                        "imagesTr/case002_0001.nii.gz",
                        "imagesTr/case002_0002.nii.gz",
                        "imagesTr/case002_0003.nii.gz",
                        "labelsTr/case001.nii.gz",
                        "labelsTr/case002.nii.gz");

        DatasetDescriptor target =
                Json.mapper()
                        .readValue(
                                out.resolve("03/dataset.json").toFile(), DatasetDescriptor.class);
        assertThat(target.ostflow()).isEqualTo(new DatasetDescriptor.Ostflow("03", Role.TARGET, 1));
        assertThat(out.resolve("03/imagesTs/case002_0003.nii.gz")).isRegularFile();
        assertThat(out.resolve("03/labelsTs/case002.nii.gz")).isRegularFile();

        NiftiImage label = new NiftiReader().read(out.resolve("01/labelsTr/case001.nii.gz"));
        NiftiImage image = new NiftiReader().read(out.resolve("01/imagesTr/case001_0000.nii.gz"));
        assertThat(label.header().datatype()).isEqualTo(NiftiDatatype.UINT8);
        assertThat(label.header().dims())
                .containsExactly(48, 48, 32)
                .isEqualTo(image.header().dims());
        assertThat(image.header().pixdim()[1]).isEqualTo(5.0);
    }

    @Test
    void contrastsFollowTheSequencesOfAGlioma() {
        PhantomSpec spec = new PhantomSpec(1, 0, 1, 1, 0, new int[] {64, 64, 48}, 3);
        PhantomGenerator generator = new PhantomGenerator(spec);
        PhantomCase phantom = generator.generate(generator.sites().get(0), "case001");
        byte[] labels = phantom.labels();

        for (int label = 1; label <= 3; label++) {
            assertThat(count(labels, label)).as("voxels of label %d", label).isGreaterThan(20);
        }
        float[] t1 = phantom.channels()[0];
        float[] t1ce = phantom.channels()[1];
        float[] flair = phantom.channels()[3];
        double tissue = meanOfHealthyTissue(flair, labels);
        assertThat(mean(flair, labels, 2))
                .as("oedema is bright on FLAIR")
                .isGreaterThan(1.2 * tissue);
        assertThat(mean(t1ce, labels, 3))
                .as("the rim enhances on T1ce")
                .isGreaterThan(1.3 * mean(t1, labels, 3));
        assertThat(mean(t1, labels, 1))
                .as("necrosis is dark on T1")
                .isLessThan(0.8 * meanOfHealthyTissue(t1, labels));
    }

    @Test
    void rendersAMontageWithTheLabelOverlay() {
        PhantomGenerator generator = new PhantomGenerator(SPEC);
        PhantomCase phantom = generator.generate(generator.sites().get(0), "case001");

        BufferedImage image = PhantomMontage.render(List.of(phantom), List.of("site 01"), 2);

        assertThat(image.getWidth()).isEqualTo(5 * 48 * 2);
        boolean coloured = false;
        for (int y = 0; y < image.getHeight() && !coloured; y++) {
            for (int x = 4 * 96; x < image.getWidth() && !coloured; x++) {
                int rgb = image.getRGB(x, y);
                coloured = ((rgb >> 8) & 0xFF) > ((rgb & 0xFF) + 40); // green or yellow label
            }
        }
        assertThat(coloured).as("the overlay column shows labels").isTrue();
    }

    @Test
    void targetSitesOfOtherStylesShareOnlyAModalityWithTheSources(@TempDir Path out)
            throws Exception {
        PhantomSpec spec =
                new PhantomSpec(
                        1,
                        2,
                        1,
                        1,
                        1,
                        new int[] {48, 48, 32},
                        7,
                        List.of(SiteStyle.INFANT, SiteStyle.WMH));
        new PhantomGenerator(spec).writeAll(out);

        var infant = Json.mapper().readTree(out.resolve("02/dataset.json").toFile());
        assertThat(infant.get("channel_names").toString()).isEqualTo("{\"0\":\"T1\",\"1\":\"T2\"}");
        assertThat(infant.get("labels").toString())
                .isEqualTo("{\"CSF\":10,\"GM\":150,\"WM\":250,\"background\":0}");
        var wmh = Json.mapper().readTree(out.resolve("03/dataset.json").toFile());
        assertThat(wmh.get("channel_names").toString()).isEqualTo("{\"0\":\"FLAIR\"}");
        assertThat(wmh.get("labels").toString()).isEqualTo("{\"WMH\":1,\"background\":0}");
        assertThat(files(out.resolve("02")))
                .contains("imagesTr/case001_0000.nii.gz", "imagesTr/case001_0001.nii.gz")
                .doesNotContain("imagesTr/case001_0002.nii.gz");
        assertThat(files(out.resolve("03")))
                .contains("imagesTr/case001_0000.nii.gz", "labelsTs/case002.nii.gz")
                .doesNotContain("imagesTr/case001_0001.nii.gz");
        // a label map keeps iSeg's values through the unsigned uint8 file
        NiftiImage label = new NiftiReader().read(out.resolve("02/labelsTr/case001.nii.gz"));
        java.util.Set<Integer> values = new java.util.TreeSet<>();
        for (int i = 0; i < label.voxels().size(); i++) {
            values.add((int) label.voxels().get(i));
        }
        assertThat(values).containsExactly(0, 10, 150, 250);
    }

    @Test
    void infantAndWmhSitesLookAsTheirChallengesDo() {
        PhantomSpec spec =
                new PhantomSpec(
                        0,
                        2,
                        1,
                        1,
                        0,
                        new int[] {64, 64, 48},
                        3,
                        List.of(SiteStyle.INFANT, SiteStyle.WMH));
        PhantomGenerator generator = new PhantomGenerator(spec);
        PhantomCase infant = generator.generate(generator.sites().get(0), "case001");
        PhantomCase wmh = generator.generate(generator.sites().get(1), "case001");

        assertThat(infant.channels()).hasNumberOfRows(2);
        for (int label : List.of(10, 150, 250)) {
            assertThat(count(infant.labels(), label)).as("voxels of %d", label).isGreaterThan(100);
        }
        float[] t1 = infant.channels()[0];
        float[] t2 = infant.channels()[1];
        assertThat(mean(t2, infant.labels(), 250))
                .as("infant white matter is brighter than grey on T2")
                .isGreaterThan(1.1 * mean(t2, infant.labels(), 150));
        assertThat(mean(t1, infant.labels(), 250) / mean(t1, infant.labels(), 150))
                .as("and nearly isointense on T1")
                .isBetween(0.9, 1.2);
        assertThat(mean(t2, infant.labels(), 10)).isGreaterThan(mean(t2, infant.labels(), 250));

        assertThat(wmh.channels()).hasNumberOfRows(1);
        assertThat(count(wmh.labels(), 1)).as("lesion voxels").isGreaterThan(10);
        assertThat(count(wmh.labels(), 1) + count(wmh.labels(), 0)).isEqualTo(wmh.labels().length);
        assertThat(mean(wmh.channels()[0], wmh.labels(), 1))
                .as("lesions are bright on FLAIR")
                .isGreaterThan(1.3 * meanOfHealthyTissue(wmh.channels()[0], wmh.labels()));

        BufferedImage montage = PhantomMontage.render(List.of(infant, wmh), List.of("a", "b"), 1);
        assertThat(montage.getWidth()).isEqualTo(5 * 64);
    }

    @Test
    void stylesOfTargetsLeaveTheSourcesAsTheyWere() {
        int[] shape = {40, 40, 24};
        PhantomGenerator plain = new PhantomGenerator(new PhantomSpec(1, 1, 1, 1, 0, shape, 5));
        PhantomGenerator styled =
                new PhantomGenerator(
                        new PhantomSpec(1, 1, 1, 1, 0, shape, 5, List.of(SiteStyle.WMH)));
        PhantomCase a = plain.generate(plain.sites().get(0), "case001");
        PhantomCase b = styled.generate(styled.sites().get(0), "case001");
        assertThat(b.labels()).isEqualTo(a.labels());
        for (int c = 0; c < 4; c++) {
            assertThat(b.channels()[c]).isEqualTo(a.channels()[c]);
        }
        assertThat(styled.sites().get(1).style()).isEqualTo(SiteStyle.WMH);
        assertThatThrownBy(() -> SiteStyle.of("brats"))
                .hasMessageContaining("glioma, infant or wmh");
    }

    @Test
    void rejectsNonsenseSpecs() {
        assertThatThrownBy(() -> new PhantomSpec(0, 0, 1, 1, 0, new int[] {32, 32, 32}, 1))
                .hasMessageContaining("sites");
        assertThatThrownBy(() -> new PhantomSpec(1, 0, 1, 1, 0, new int[] {32, 32}, 1))
                .hasMessageContaining("shape");
        assertThatThrownBy(() -> new PhantomSpec(1, 0, 0, 1, 0, new int[] {32, 32, 32}, 1))
                .hasMessageContaining("cases");
    }

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile)
                    .map(p -> folder.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    private static int count(byte[] labels, int label) {
        int n = 0;
        for (byte l : labels) {
            n += (l & 0xff) == label ? 1 : 0;
        }
        return n;
    }

    private static double mean(float[] values, byte[] labels, int label) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if ((labels[i] & 0xff) == label) {
                sum += values[i];
                n++;
            }
        }
        return sum / n;
    }

    private static double meanOfHealthyTissue(float[] values, byte[] labels) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (labels[i] == 0 && values[i] > 0) {
                sum += values[i];
                n++;
            }
        }
        return sum / n;
    }
}
