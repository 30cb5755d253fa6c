package io.ostflow.local.importer;

import io.ostflow.common.Role;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.nifti.AnalyzeReader;
import io.ostflow.nifti.NiftiException;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Imports the iSeg-2019 training data as published: one folder of Analyze 7.5 pairs {@code
 * subject-N-T1.hdr/.img}, {@code subject-N-T2.hdr/.img} and {@code subject-N-label.hdr/.img} (10
 * CSF, 150 GM, 250 WM), as one ostflow site with channels T1 and T2 and labels CSF 10, GM 150, WM
 * 250 (the published values: ostflow maps names to values). Each volume is converted to NIfTI-1 by
 * {@link AnalyzeReader} (no orientation: Analyze 7.5 has none ostflow could trust); every subject
 * is checked as it is read (its three pairs present and readable, one shape), and a subject with a
 * missing or unreadable file is listed and left out. The source is only read.
 */
public final class IsegImporter {
    private static final Pattern FILE = Pattern.compile("subject-(\\d+)-(T1|T2|label)\\.hdr");
    private static final List<String> PARTS = List.of("T1", "T2", "label");

    private final AnalyzeReader reader = new AnalyzeReader();

    /**
     * What to import.
     *
     * @param source the folder of subject-N-*.hdr/.img pairs
     * @param site the ostflow site number it becomes
     * @param target imported as a target site (else a source)
     * @param testCases for a target, the last subjects moved to imagesTs/labelsTs (held out)
     */
    public record Request(Path source, int site, boolean target, int testCases) {}

    public ImportResult run(Request request, Path out) {
        List<String> problems = new ArrayList<>();
        List<String> readable = new ArrayList<>();
        for (int subject : subjects(request.source())) {
            String problem = check(request.source(), subject);
            if (problem == null) {
                readable.add("subject-" + subject);
            } else {
                problems.add("subject-" + subject + ": " + problem);
            }
        }
        return SiteFolder.writeOneSite(
                request.source(),
                "iseg2019",
                request.site(),
                request.target(),
                request.testCases(),
                readable,
                problems,
                out,
                (subject, caseId, images, labels) -> {
                    NiftiWriter.write(
                            read(request.source(), subject, "T1"),
                            images.resolve(caseId + "_0000.nii.gz"));
                    NiftiWriter.write(
                            read(request.source(), subject, "T2"),
                            images.resolve(caseId + "_0001.nii.gz"));
                    NiftiWriter.write(
                            read(request.source(), subject, "label"),
                            labels.resolve(caseId + ".nii.gz"));
                },
                IsegImporter::descriptor);
    }

    /** The subject numbers any pair names, in numeric order. */
    private static TreeSet<Integer> subjects(Path source) {
        TreeSet<Integer> subjects = new TreeSet<>();
        try (Stream<Path> files = Files.list(source)) {
            files.forEach(
                    f -> {
                        Matcher m = FILE.matcher(f.getFileName().toString());
                        if (m.matches()) {
                            subjects.add(Integer.parseInt(m.group(1)));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + source, e);
        }
        return subjects;
    }

    /** Null when the subject's three pairs are there, readable and of one shape; else why not. */
    private String check(Path source, int subject) {
        long[] shape = null;
        for (String part : PARTS) {
            Path hdr = source.resolve("subject-" + subject + "-" + part + ".hdr");
            Path img = source.resolve("subject-" + subject + "-" + part + ".img");
            if (!Files.isRegularFile(hdr) || !Files.isRegularFile(img)) {
                return "missing " + (Files.isRegularFile(hdr) ? img : hdr).getFileName();
            }
            NiftiImage image;
            try {
                image = reader.read(hdr);
            } catch (NiftiException e) {
                return hdr.getFileName() + " is not a readable Analyze pair: " + e.getMessage();
            }
            long[] dims = image.header().dims();
            if (dims.length < 3 || image.header().voxelCount() != dims[0] * dims[1] * dims[2]) {
                return hdr.getFileName() + " is not 3-D";
            }
            if (shape != null && !Arrays.equals(shape, Arrays.copyOf(dims, 3))) {
                return hdr.getFileName() + " has another shape than the T1";
            }
            shape = Arrays.copyOf(dims, 3);
        }
        return null;
    }

    private NiftiImage read(Path source, String subject, String part) {
        return reader.read(source.resolve(subject + "-" + part + ".hdr"));
    }

    private static DatasetDescriptor descriptor(String site, Role role, int training, int heldOut) {
        Map<String, LabelValues> labels = new LinkedHashMap<>();
        labels.put(DatasetDescriptor.BACKGROUND, LabelValues.of(0));
        labels.put("CSF", LabelValues.of(10));
        labels.put("GM", LabelValues.of(150));
        labels.put("WM", LabelValues.of(250));
        return new DatasetDescriptor(
                "iseg2019-" + site,
                Map.of("0", "T1", "1", "T2"),
                labels,
                training,
                ".nii.gz",
                new DatasetDescriptor.Ostflow(site, role, heldOut));
    }
}
