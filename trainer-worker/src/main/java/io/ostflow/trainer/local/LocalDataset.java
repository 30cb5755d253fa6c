package io.ostflow.trainer.local;

import io.ostflow.common.Json;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.dataset.LabelValues;
import io.ostflow.common.dataset.TaskNames;
import io.ostflow.nifti.NiftiException;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.trainer.data.CaseVolume;
import io.ostflow.trainer.data.Preprocessing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A local nnU-Net raw folder ({@code dataset.json}, {@code imagesTr/CASE_XXXX.nii.gz}, {@code
 * labelsTr/CASE.nii.gz}) read as one binary task: the channel of a modality and the mask of one
 * label, prepared as the trainer prepares cases from the landing bucket.
 */
public final class LocalDataset {
    private final Path root;
    private final DatasetDescriptor descriptor;

    public LocalDataset(Path root) {
        this.root = root;
        Path json = root.resolve("dataset.json");
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException(
                    root + " has no dataset.json (an nnU-Net raw folder)");
        }
        try {
            descriptor = Json.mapper().readValue(json.toFile(), DatasetDescriptor.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + json + ": " + e.getMessage(), e);
        }
    }

    /** Training case ids (from {@code labelsTr}), sorted. */
    public List<String> caseIds() {
        String ending = descriptor.fileEnding();
        try (Stream<Path> files = Files.list(root.resolve("labelsTr"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(ending) && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - ending.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + root.resolve("labelsTr"), e);
        }
    }

    /** The listed cases of the task {@code modality}/{@code objective}, prepared. */
    public List<CaseVolume> cases(List<String> caseIds, String modality, String objective) {
        int channel = channel(modality);
        LabelValues label = label(objective);
        List<CaseVolume> out = new ArrayList<>();
        for (String id : caseIds) {
            NiftiImage image =
                    read(
                            root.resolve("imagesTr")
                                    .resolve(
                                            String.format(
                                                    "%s_%04d%s",
                                                    id, channel, descriptor.fileEnding())));
            NiftiImage labels =
                    read(root.resolve("labelsTr").resolve(id + descriptor.fileEnding()));
            out.add(Preprocessing.prepare(id, image, labels, label));
        }
        return out;
    }

    private int channel(String modality) {
        return descriptor.channelNames().entrySet().stream()
                .filter(
                        e ->
                                e.getValue().equalsIgnoreCase(modality)
                                        || TaskNames.modality(e.getValue())
                                                .equals(TaskNames.modality(modality)))
                .map(e -> Integer.parseInt(e.getKey()))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "modality "
                                                + modality
                                                + " is not in dataset.json (channels: "
                                                + descriptor.channelNames().values()
                                                + ")"));
    }

    private LabelValues label(String objective) {
        return descriptor.labels().entrySet().stream()
                .filter(
                        e ->
                                e.getKey().equalsIgnoreCase(objective)
                                        || TaskNames.objective(e.getKey())
                                                .map(objective::equals)
                                                .orElse(false))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "objective "
                                                + objective
                                                + " is not a label of dataset.json (labels: "
                                                + descriptor.labels().keySet()
                                                + ")"));
    }

    private static NiftiImage read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new NiftiReader().read(in);
        } catch (IOException | NiftiException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
