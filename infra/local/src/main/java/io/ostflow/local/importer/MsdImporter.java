package io.ostflow.local.importer;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.nifti.NiftiException;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.nifti.NiftiWriter;
import io.ostflow.nifti.Voxels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Imports one Medical Segmentation Decathlon task as published ({@code TaskNN_Name/} with an
 * nnU-Net v1 {@code dataset.json}: {@code modality} and {@code labels} keyed by number, {@code
 * training} pairs of {@code ./imagesTr/X.nii.gz} and {@code ./labelsTr/X.nii.gz}; a multi-modal
 * image is one 4-D file, its channels along the 4th axis) as one ostflow site. Each 4-D image is
 * split into one 3-D file per channel ({@code caseNNN_000C.nii.gz}, same geometry, the 4th
 * dimension dropped), a 3-D image is copied byte for byte, the label map is copied as published.
 *
 * <p>Names: the Decathlon's modality and label names become ostflow's task words: {@code T1w} → T1,
 * {@code t1gd} → T1ce, {@code T2w} → T2, {@code FLAIR} → FLAIR; {@code edema} → ED, {@code
 * non-enhancing tumor} → NCR (BraTS' necrotic and non-enhancing core), {@code enhancing tumo(u)r} →
 * ET; any other name keeps its letters and digits. {@code imagesTs} has no labels and is not
 * imported. Every training pair is checked as it is read (NIfTI, the label 3-D and of the image's
 * shape, the image's 4th axis as long as the modality list); a pair with a missing or unreadable
 * file is listed and left out. The source is only read.
 */
public final class MsdImporter {
    private static final Map<String, String> MODALITIES =
            Map.of("t1w", "T1", "t1gd", "T1ce", "t2w", "T2", "flair", "FLAIR");
    private static final Map<String, String> LABELS =
            Map.of(
                    "edema", "ED",
                    "non-enhancing tumor", "NCR",
                    "enhancing tumor", "ET",
                    "enhancing tumour", "ET");

    private final NiftiReader reader = new NiftiReader();

    /**
     * What to import.
     *
     * @param source the task folder ({@code Task01_BrainTumour})
     * @param site the ostflow site number it becomes
     * @param target imported as a target site (else a source)
     * @param testCases for a target, the last subjects moved to imagesTs/labelsTs (held out)
     */
    public record Request(Path source, int site, boolean target, int testCases) {}

    /** The task's dataset.json, as much of it as the import needs. */
    private record Task(
            String name,
            List<String> modalities,
            Map<String, Integer> labels,
            Map<String, String[]> training) {}

    public ImportResult run(Request request, Path out) {
        Task task = task(request.source());
        List<String> problems = new ArrayList<>();
        List<String> readable = new ArrayList<>();
        for (Map.Entry<String, String[]> pair : task.training().entrySet()) {
            String problem = check(request.source(), pair.getValue(), task.modalities().size());
            if (problem == null) {
                readable.add(pair.getKey());
            } else {
                problems.add(pair.getKey() + ": " + problem);
            }
        }
        return SiteFolder.writeOneSite(
                request.source(),
                "msd",
                request.site(),
                request.target(),
                request.testCases(),
                readable,
                problems,
                out,
                (subject, caseId, images, labels) ->
                        writeCase(
                                request.source(),
                                task.training().get(subject),
                                task.modalities().size(),
                                caseId,
                                images,
                                labels),
                (site, role, training, heldOut) -> descriptor(task, site, role, training, heldOut));
    }

    /** The task's dataset.json, with the names mapped; a missing or broken one is an error. */
    private static Task task(Path source) {
        Path file = source.resolve("dataset.json");
        JsonNode json;
        try {
            json = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "not a Decathlon task folder: cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!json.path("modality").isObject() || !json.path("labels").isObject()) {
            throw new IllegalArgumentException(
                    file
                            + " has no \"modality\" or \"labels\" object (nnU-Net v1 layout expected)");
        }
        List<String> modalities = new ArrayList<>();
        for (int c = 0; json.path("modality").has(String.valueOf(c)); c++) {
            modalities.add(word(json.path("modality").get(String.valueOf(c)).asText(), MODALITIES));
        }
        Map<String, Integer> labels = new LinkedHashMap<>();
        json.path("labels")
                .fields()
                .forEachRemaining(
                        e -> {
                            int value = Integer.parseInt(e.getKey());
                            if (value != 0) {
                                labels.put(word(e.getValue().asText(), LABELS), value);
                            }
                        });
        Map<String, String[]> training = new TreeMap<>();
        for (JsonNode pair : json.path("training")) {
            String image = pair.path("image").asText();
            String id = Path.of(image).getFileName().toString().replace(".nii.gz", "");
            training.put(id, new String[] {image, pair.path("label").asText()});
        }
        return new Task(
                json.path("name").asText(source.getFileName().toString()),
                modalities,
                labels,
                training);
    }

    /** The ostflow word for a Decathlon name: a known mapping, else its letters and digits. */
    static String word(String name, Map<String, String> known) {
        String mapped = known.get(name.trim().toLowerCase(Locale.ROOT));
        if (mapped != null) {
            return mapped;
        }
        String word = name.replaceAll("[^A-Za-z0-9]", "");
        if (word.isEmpty()) {
            throw new IllegalArgumentException("the name '" + name + "' has no letter or digit");
        }
        return word;
    }

    /** Null when the pair is readable and consistent; else why not. */
    private String check(Path source, String[] pair, int channels) {
        NiftiHeader image;
        NiftiHeader label;
        try {
            image = reader.readHeader(resolve(source, pair[0]));
            label = reader.readHeader(resolve(source, pair[1]));
        } catch (NiftiException | UncheckedIOException e) {
            return "unreadable: " + e.getMessage();
        }
        long xyz = (long) label.dim(0) * label.dim(1) * label.dim(2);
        if (label.voxelCount() != xyz) {
            return "the label map is not 3-D";
        }
        for (int axis = 0; axis < 3; axis++) {
            if (image.dim(axis) != label.dim(axis)) {
                return "the image and the label map differ in shape";
            }
        }
        if (image.voxelCount() != xyz * channels) {
            return "the image has "
                    + image.voxelCount() / Math.max(1, xyz)
                    + " channels, the task "
                    + channels;
        }
        return null;
    }

    private void writeCase(
            Path source, String[] pair, int channels, String caseId, Path images, Path labels)
            throws IOException {
        Path image = resolve(source, pair[0]);
        if (channels == 1) {
            Files.copy(
                    image,
                    images.resolve(caseId + "_0000.nii.gz"),
                    StandardCopyOption.REPLACE_EXISTING);
        } else {
            NiftiImage all = reader.read(image);
            for (int c = 0; c < channels; c++) {
                NiftiWriter.write(
                        channel(all, c),
                        images.resolve(String.format("%s_%04d.nii.gz", caseId, c)));
            }
        }
        Files.copy(
                resolve(source, pair[1]),
                labels.resolve(caseId + ".nii.gz"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Channel c of a 4-D image (x fastest, the 4th axis slowest), as a 3-D image. */
    static NiftiImage channel(NiftiImage image, int c) {
        NiftiHeader h = image.header();
        int xyz = h.dim(0) * h.dim(1) * h.dim(2);
        Voxels out = Voxels.allocate(h.datatype(), xyz);
        for (int i = 0; i < xyz; i++) {
            out.set(i, image.voxels().get(c * xyz + i));
        }
        NiftiHeader three = h.toBuilder().dims(h.dim(0), h.dim(1), h.dim(2)).build();
        return new NiftiImage(three, out);
    }

    private static Path resolve(Path source, String relative) {
        Path file = source.resolve(relative).normalize();
        if (!file.startsWith(source.normalize())) {
            throw new UncheckedIOException(
                    new IOException(relative + " points outside the task folder"));
        }
        return file;
    }

    private static DatasetDescriptor descriptor(
            Task task, String site, Role role, int training, int heldOut) {
        Map<String, String> channels = new LinkedHashMap<>();
        for (int c = 0; c < task.modalities().size(); c++) {
            channels.put(String.valueOf(c), task.modalities().get(c));
        }
        Map<String, LabelValues> labels = new LinkedHashMap<>();
        labels.put(DatasetDescriptor.BACKGROUND, LabelValues.of(0));
        task.labels().forEach((name, value) -> labels.put(name, LabelValues.of(value)));
        return new DatasetDescriptor(
                "msd-" + task.name().replaceAll("[^A-Za-z0-9_-]", "") + "-" + site,
                channels,
                labels,
                training,
                ".nii.gz",
                new DatasetDescriptor.Ostflow(site, role, heldOut));
    }
}
