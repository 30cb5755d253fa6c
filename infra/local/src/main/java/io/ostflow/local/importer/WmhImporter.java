package io.ostflow.local.importer;

import io.ostflow.common.Role;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.nifti.NiftiException;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.nifti.NiftiWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Imports the WMH Segmentation Challenge (MICCAI 2017) training data as published: one folder per
 * scanner site ({@code Utrecht}, {@code Singapore}, {@code GE3T}, ...), in it one folder per
 * subject with the pre-processed FLAIR {@code pre/FLAIR.nii.gz} and the manual reference {@code
 * wmh.nii.gz} (1 white matter hyperintensity, 2 other pathology). The site folders become ostflow
 * sites {@code 01}, {@code 02}, ... in name order ({@code sites.csv} in the output maps them), each
 * with channel FLAIR and label WMH.
 *
 * <p><b>Label 2 ("other pathology") is written as background.</b> The challenge excludes those
 * voxels from its metrics; ostflow has no ignore label, and keeping 2 as its own label would make a
 * task of it. As background, a prediction of WMH inside another pathology counts as a false
 * positive, so ostflow's Dice on these sites can be slightly below the challenge's. Every file is
 * checked as it is read (NIfTI, 3-D, the label of the image's shape); a subject with a missing or
 * unreadable file is listed and left out. The FLAIR is copied byte for byte; the source is only
 * read.
 */
public final class WmhImporter {
    static final String IMAGE = "pre/FLAIR.nii.gz";
    static final String LABEL = "wmh.nii.gz";

    /** The challenge's code for "other pathology", excluded from its evaluation. */
    static final int OTHER_PATHOLOGY = 2;

    private final NiftiReader reader = new NiftiReader();

    /**
     * What to import.
     *
     * @param source the release's folder of site folders
     * @param targetSites the ostflow site numbers (1 = the first site folder by name) imported as
     *     targets; the rest are sources
     * @param testCases per target site, the last subjects moved to imagesTs/labelsTs (held out)
     */
    public record Request(Path source, Set<Integer> targetSites, int testCases) {}

    public ImportResult run(Request request, Path out) {
        List<Path> written = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        StringBuilder sites = new StringBuilder("site,release_site\n");
        List<Path> releaseSites = folders(request.source());
        for (int i = 0; i < releaseSites.size(); i++) {
            String site = String.format("%02d", i + 1);
            String name = releaseSites.get(i).getFileName().toString();
            boolean target = request.targetSites().contains(i + 1);
            writeSite(
                            releaseSites.get(i),
                            site,
                            target ? Role.TARGET : Role.SOURCE,
                            target ? request.testCases() : 0,
                            out,
                            problems)
                    .ifPresent(
                            folder -> {
                                written.add(folder);
                                sites.append(site).append(',').append(name).append('\n');
                            });
        }
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("sites.csv"), sites);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve("sites.csv"), e);
        }
        SiteFolder.markImported(
                written,
                new DatasetDescriptor.ImportSource(
                        "wmh", request.source().getFileName().toString()));
        return new ImportResult(written, problems);
    }

    private Optional<Path> writeSite(
            Path releaseSite,
            String site,
            Role role,
            int testCases,
            Path out,
            List<String> problems) {
        List<String> readable = new ArrayList<>();
        for (Path subject : folders(releaseSite)) {
            String problem = check(subject);
            if (problem == null) {
                readable.add(subject.getFileName().toString());
            } else {
                problems.add("site " + site + " (" + releaseSite.getFileName() + "), " + problem);
            }
        }
        if (readable.isEmpty()) {
            problems.add("site " + site + ": no readable subject; the site is not written");
            return Optional.empty();
        }
        return Optional.of(
                SiteFolder.write(
                        out.resolve(site),
                        readable,
                        testCases,
                        (subject, caseId, images, labels) ->
                                writeCase(releaseSite.resolve(subject), caseId, images, labels),
                        (training, heldOut) -> descriptor(site, role, training, heldOut)));
    }

    /**
     * Null when the subject's FLAIR and reference are there, 3-D and of one shape; else why not.
     */
    private String check(Path subject) {
        String id = subject.getFileName().toString();
        long[] shape = null;
        for (String name : List.of(IMAGE, LABEL)) {
            Path file = subject.resolve(name);
            if (!Files.isRegularFile(file)) {
                return id + ": missing " + name;
            }
            NiftiHeader header;
            try {
                header = reader.readHeader(file);
            } catch (NiftiException e) {
                return id + ": " + name + " is not NIfTI: " + e.getMessage();
            }
            long[] xyz = {header.dim(0), header.dim(1), header.dim(2)};
            if (header.rank() < 3 || header.voxelCount() != xyz[0] * xyz[1] * xyz[2]) {
                return id + ": " + name + " is not 3-D";
            }
            if (shape != null && !Arrays.equals(shape, xyz)) {
                return id + ": " + name + " has another shape than the FLAIR";
            }
            shape = xyz;
        }
        return null;
    }

    private void writeCase(Path subject, String caseId, Path images, Path labels)
            throws IOException {
        Files.copy(
                subject.resolve(IMAGE),
                images.resolve(caseId + "_0000.nii.gz"),
                StandardCopyOption.REPLACE_EXISTING);
        NiftiImage reference = reader.read(subject.resolve(LABEL));
        for (int i = 0; i < reference.voxels().size(); i++) {
            if (reference.voxels().get(i) == OTHER_PATHOLOGY) {
                reference.voxels().set(i, 0);
            }
        }
        NiftiWriter.write(reference, labels.resolve(caseId + ".nii.gz"));
    }

    private static DatasetDescriptor descriptor(String site, Role role, int training, int heldOut) {
        Map<String, LabelValues> labels = new LinkedHashMap<>();
        labels.put(DatasetDescriptor.BACKGROUND, LabelValues.of(0));
        labels.put("WMH", LabelValues.of(1));
        return new DatasetDescriptor(
                "wmh-" + site,
                Map.of("0", "FLAIR"),
                labels,
                training,
                ".nii.gz",
                new DatasetDescriptor.Ostflow(site, role, heldOut));
    }

    private static List<Path> folders(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
