package io.ostflow.local.importer;

import io.ostflow.common.Role;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.nifti.NiftiException;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiReader;
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
import java.util.Set;

/**
 * Imports BraTS 2021 and FeTS 2022 training data as published into nnU-Net v2 raw folders, one per
 * site: each subject folder {@code ID/ID_{t1,t1ce,t2,flair,seg}.nii.gz} becomes case {@code
 * caseNNN} with channels T1, T1ce, T2, FLAIR and the label map (1 NCR, 2 ED, 4 ET, as published).
 * Sites come from a FeTS partitioning CSV ({@code Partition_ID,Subject_ID}); without one the whole
 * release is site 01. Every file is checked as it is read (a NIfTI header, 3-D, one shape for every
 * channel and the label); a subject with a missing or unreadable file is listed in the result and
 * left out, never skipped silently. Files are copied byte for byte; the source is only read.
 */
public final class BratsImporter {
    /** The published file suffixes, in ostflow's channel order, then the label map. */
    static final List<String> CHANNELS = List.of("t1", "t1ce", "t2", "flair");

    static final List<String> CHANNEL_NAMES = List.of("T1", "T1ce", "T2", "FLAIR");
    static final String LABEL = "seg";

    private final NiftiReader reader = new NiftiReader();

    /**
     * What to import.
     *
     * @param source the release's folder of subject folders
     * @param partitioning a FeTS partitioning CSV, or null for one site
     * @param sites the partitions to import (empty: every one)
     * @param targetSites the partitions imported as targets (the rest are sources)
     * @param testCases per target site, the last subjects moved to imagesTs/labelsTs (held out)
     */
    public record Request(
            Path source,
            Path partitioning,
            Set<Integer> sites,
            Set<Integer> targetSites,
            int testCases) {}

    public ImportResult run(Request request, Path out) {
        Map<Integer, List<String>> partitions = partitions(request);
        List<Path> written = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> partition : partitions.entrySet()) {
            int id = partition.getKey();
            if (!request.sites().isEmpty() && !request.sites().contains(id)) {
                continue;
            }
            boolean target = request.targetSites().contains(id);
            writeSite(
                            request.source(),
                            String.format("%02d", id),
                            target ? Role.TARGET : Role.SOURCE,
                            target ? request.testCases() : 0,
                            partition.getValue(),
                            out,
                            problems)
                    .ifPresent(written::add);
        }
        SiteFolder.markImported(
                written,
                new DatasetDescriptor.ImportSource(
                        request.partitioning() == null ? "brats2021" : "fets2022",
                        request.source().getFileName().toString()));
        return new ImportResult(written, problems);
    }

    private Map<Integer, List<String>> partitions(Request request) {
        if (request.partitioning() == null) {
            try (var subjects = Files.list(request.source())) {
                return Map.of(
                        1,
                        subjects.filter(Files::isDirectory)
                                .map(p -> p.getFileName().toString())
                                .sorted()
                                .toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + request.source(), e);
            }
        }
        return PartitioningCsv.read(request.partitioning());
    }

    /** The site's folder; empty (and said so) when no subject of it could be read. */
    private java.util.Optional<Path> writeSite(
            Path source,
            String site,
            Role role,
            int testCases,
            List<String> subjects,
            Path out,
            List<String> problems) {
        List<String> readable = new ArrayList<>();
        for (String subject : subjects) {
            String problem = check(source.resolve(subject), subject);
            if (problem == null) {
                readable.add(subject);
            } else {
                problems.add("site " + site + ", " + problem);
            }
        }
        if (readable.isEmpty()) {
            problems.add("site " + site + ": no readable subject; the site is not written");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(
                SiteFolder.write(
                        out.resolve(site),
                        readable,
                        testCases,
                        (subject, caseId, images, labels) ->
                                copyCase(source.resolve(subject), subject, caseId, images, labels),
                        (training, heldOut) -> descriptor(site, role, training, heldOut)));
    }

    /** Null when every file of the subject is there, 3-D and of one shape; else why not. */
    private String check(Path dir, String subject) {
        long[] shape = null;
        for (String suffix : suffixes()) {
            Path file = dir.resolve(subject + "_" + suffix + ".nii.gz");
            if (!Files.isRegularFile(file)) {
                return subject + ": missing " + file.getFileName();
            }
            NiftiHeader header;
            try {
                header = reader.readHeader(file);
            } catch (NiftiException e) {
                return subject + ": " + file.getFileName() + " is not NIfTI: " + e.getMessage();
            }
            long[] xyz = {header.dim(0), header.dim(1), header.dim(2)};
            if (header.rank() < 3 || header.voxelCount() != xyz[0] * xyz[1] * xyz[2]) {
                return subject + ": " + file.getFileName() + " is not 3-D";
            }
            if (shape != null && !Arrays.equals(shape, xyz)) {
                return subject + ": " + file.getFileName() + " has another shape than the t1 image";
            }
            shape = xyz;
        }
        return null;
    }

    private static List<String> suffixes() {
        List<String> all = new ArrayList<>(CHANNELS);
        all.add(LABEL);
        return all;
    }

    private static void copyCase(Path dir, String subject, String caseId, Path images, Path labels)
            throws IOException {
        for (int c = 0; c < CHANNELS.size(); c++) {
            Files.copy(
                    dir.resolve(subject + "_" + CHANNELS.get(c) + ".nii.gz"),
                    images.resolve(String.format("%s_%04d.nii.gz", caseId, c)),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(
                dir.resolve(subject + "_" + LABEL + ".nii.gz"),
                labels.resolve(caseId + ".nii.gz"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static DatasetDescriptor descriptor(String site, Role role, int training, int heldOut) {
        Map<String, String> channels = new LinkedHashMap<>();
        for (int c = 0; c < CHANNEL_NAMES.size(); c++) {
            channels.put(String.valueOf(c), CHANNEL_NAMES.get(c));
        }
        Map<String, LabelValues> labels = new LinkedHashMap<>();
        labels.put(DatasetDescriptor.BACKGROUND, LabelValues.of(0));
        labels.put("NCR", LabelValues.of(1));
        labels.put("ED", LabelValues.of(2));
        labels.put("ET", LabelValues.of(4));
        return new DatasetDescriptor(
                "brats-" + site,
                channels,
                labels,
                training,
                ".nii.gz",
                new DatasetDescriptor.Ostflow(site, role, heldOut));
    }
}
