package io.ostflow.phantom;

import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.nifti.NiftiDatatype;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiWriter;
import io.ostflow.nifti.Voxels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Generates realistic synthetic multi-site brain-tumour MRI in the nnU-Net v2 raw layout, one
 * folder per site: {@code dataset.json}, {@code imagesTr/CASE_000c.nii.gz}, {@code
 * labelsTr/CASE.nii.gz} and, for target sites, held-out {@code imagesTs}/{@code labelsTs}. Cases of
 * a site are generated in parallel; every case has its own seed, so the output does not depend on
 * the thread count.
 */
public final class PhantomGenerator {
    /** Physical field of view in mm (BraTS-like: 240 x 240 x 155). */
    private static final double[] FIELD_OF_VIEW_MM = {240, 240, 155};

    private static final String FILE_ENDING = ".nii.gz";

    private final PhantomSpec spec;
    private final List<SiteProfile> sites;

    public PhantomGenerator(PhantomSpec spec) {
        this.spec = spec;
        this.sites = drawSites(spec);
    }

    /** Objectives of every glioma site (the sources): the three tumour sub-regions. */
    public static final List<String> OBJECTIVES = List.of("NCR", "ED", "ET");

    /** Tasks of one glioma site: every channel with every objective. */
    public static int tasksPerSite() {
        return Tissue.CHANNELS.length * OBJECTIVES.size();
    }

    public List<SiteProfile> sites() {
        return sites;
    }

    /** Writes every site under {@code outDir}; returns the site folders. */
    public List<Path> writeAll(Path outDir) {
        List<Path> folders = new ArrayList<>();
        for (SiteProfile site : sites) {
            folders.add(writeSite(outDir, site));
        }
        return folders;
    }

    /** Writes one site's folder {@code outDir/SITE}. */
    public Path writeSite(Path outDir, SiteProfile site) {
        Path folder = outDir.resolve(site.name());
        int training = site.role() == Role.SOURCE ? spec.cases() : spec.targetCases();
        int heldOut = site.role() == Role.SOURCE ? 0 : spec.testCases();
        try {
            Files.createDirectories(folder.resolve("imagesTr"));
            Files.createDirectories(folder.resolve("labelsTr"));
            if (heldOut > 0) {
                Files.createDirectories(folder.resolve("imagesTs"));
                Files.createDirectories(folder.resolve("labelsTs"));
            }
            IntStream.range(0, training + heldOut)
                    .parallel()
                    .forEach(k -> writeCase(folder, site, caseId(k), k >= training));
            Json.mapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(
                            folder.resolve("dataset.json").toFile(),
                            descriptor(site, training, heldOut));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write site " + site.name() + " to " + folder, e);
        }
    }

    /** The case {@code caseId} of {@code site}, in memory. */
    public PhantomCase generate(SiteProfile site, String caseId) {
        return CaseSynthesizer.synthesize(site, caseId, spec.shape(), caseSeed(site, caseId));
    }

    /**
     * Case ids are {@code case001}, {@code case002}, ...; held-out cases continue the numbering.
     */
    public static String caseId(int index) {
        return String.format("case%03d", index + 1);
    }

    private void writeCase(Path folder, SiteProfile site, String caseId, boolean heldOut) {
        PhantomCase generated = generate(site, caseId);
        String images = heldOut ? "imagesTs" : "imagesTr";
        String labels = heldOut ? "labelsTs" : "labelsTr";
        for (int c = 0; c < generated.channels().length; c++) {
            Path file =
                    folder.resolve(images)
                            .resolve(String.format("%s_%04d%s", caseId, c, FILE_ENDING));
            NiftiWriter.write(channelImage(site, generated.channels()[c]), file);
        }
        NiftiWriter.write(
                labelImage(generated.labels()),
                folder.resolve(labels).resolve(caseId + FILE_ENDING));
    }

    private NiftiImage channelImage(SiteProfile site, float[] values) {
        NiftiHeader header = header(site.storage());
        if (site.storage() == NiftiDatatype.FLOAT32) {
            return new NiftiImage(header, Voxels.ofFloat32(values));
        }
        Voxels voxels = Voxels.allocate(site.storage(), values.length);
        for (int i = 0; i < values.length; i++) {
            voxels.set(i, values[i]);
        }
        return new NiftiImage(header, voxels);
    }

    private NiftiImage labelImage(byte[] labels) {
        return new NiftiImage(header(NiftiDatatype.UINT8), Voxels.ofUint8(labels));
    }

    private NiftiHeader header(NiftiDatatype datatype) {
        int[] shape = spec.shape();
        double[] spacing = new double[3];
        double[] origin = new double[3];
        for (int axis = 0; axis < 3; axis++) {
            spacing[axis] = FIELD_OF_VIEW_MM[axis] / shape[axis];
            origin[axis] = -FIELD_OF_VIEW_MM[axis] / 2;
        }
        double[][] srow = {
            {spacing[0], 0, 0, origin[0]},
            {0, spacing[1], 0, origin[1]},
            {0, 0, spacing[2], origin[2]}
        };
        return NiftiHeader.builder()
                .dims(shape)
                .datatype(datatype)
                .spacing(spacing[0], spacing[1], spacing[2])
                .qform(1, new double[3], origin)
                .sform(1, srow)
                .description("ostflow phantom")
                .build();
    }

    private static DatasetDescriptor descriptor(SiteProfile site, int training, int heldOut) {
        Map<String, String> channels = new LinkedHashMap<>();
        List<String> names = site.style().channels();
        for (int c = 0; c < names.size(); c++) {
            channels.put(String.valueOf(c), names.get(c));
        }
        Map<String, LabelValues> labels = new LinkedHashMap<>();
        labels.put(DatasetDescriptor.BACKGROUND, LabelValues.of(0));
        site.style().labels().forEach((name, value) -> labels.put(name, LabelValues.of(value)));
        return new DatasetDescriptor(
                "ostflow-phantom-" + site.name(),
                channels,
                labels,
                training,
                FILE_ENDING,
                new DatasetDescriptor.Ostflow(site.name(), site.role(), heldOut));
    }

    private static List<SiteProfile> drawSites(PhantomSpec spec) {
        List<SiteProfile> sites = new ArrayList<>();
        int total = spec.sourceSites() + spec.targetSites();
        for (int s = 0; s < total; s++) {
            Role role = s < spec.sourceSites() ? Role.SOURCE : Role.TARGET;
            SiteStyle style =
                    role == Role.SOURCE
                            ? SiteStyle.GLIOMA
                            : spec.targetStyle(s - spec.sourceSites());
            String name = String.format("%02d", s + 1);
            sites.add(
                    SiteProfile.draw(
                            name, role, style, new SplittableRandom(mix(spec.seed(), s + 1, 0))));
        }
        return sites;
    }

    private long caseSeed(SiteProfile site, String caseId) {
        return mix(spec.seed(), Integer.parseInt(site.name()), caseId.hashCode());
    }

    /** SplitMix64-style mixing of the parts into one well-spread seed. */
    private static long mix(long seed, long a, long b) {
        long z = seed + 0x9E3779B97F4A7C15L * (a + 1) + 0xBF58476D1CE4E5B9L * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
