package io.ostflow.trainer.data;

import io.ostflow.common.Json;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.ObjectStoreException;
import io.ostflow.nifti.NiftiException;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.trainer.model.TrainingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Reads the cases of a task from the landing bucket (the channel of its modality and its label map)
 * and turns them into samples: slices (2-D) or patches (3-D) for training, and for evaluation every
 * slice or the tiles covering the whole case, so no voxel escapes the Dice.
 */
public final class CaseSource {
    private final ObjectStore store;
    private final String bucket;
    private final TrainingSettings settings;

    public CaseSource(ObjectStore store, String bucket, TrainingSettings settings) {
        this.store = store;
        this.bucket = bucket;
        this.settings = settings;
    }

    /** Data that cannot be read: the job fails with {@code DATA_MISSING}. */
    public static final class DataMissingException extends RuntimeException {
        public DataMissingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Evaluation samples of every listed case, by case id in list order. */
    public Map<String, List<float[][]>> evaluationSamples(
            TaskRegistered task, List<String> caseIds, boolean heldOut) {
        Map<String, List<float[][]>> out = new LinkedHashMap<>();
        prepared(task, caseIds, heldOut)
                .forEach(
                        volume ->
                                out.put(
                                        volume.caseId(),
                                        settings.dimensions() == 2
                                                ? Preprocessing.slices(
                                                        volume, settings.inputSize(), 1)
                                                : Preprocessing.tiles(
                                                        Preprocessing.cube(
                                                                volume, settings.inputSize()),
                                                        settings.patchSize())));
        return out;
    }

    /**
     * Training samples of the listed cases in one list: slices with foreground plus every n-th
     * other (2-D), or seeded patches per case (3-D; the same positions for the same case and seed).
     */
    public List<float[][]> trainingSamples(TaskRegistered task, List<String> caseIds) {
        List<float[][]> all = new ArrayList<>();
        for (CaseVolume volume : prepared(task, caseIds, false)) {
            all.addAll(
                    settings.dimensions() == 2
                            ? Preprocessing.slices(
                                    volume, settings.inputSize(), settings.backgroundStride())
                            : Preprocessing.patches(
                                    Preprocessing.cube(volume, settings.inputSize()),
                                    settings.patchSize(),
                                    settings.patchesPerCase(),
                                    new Random(settings.seed() * 31 + volume.caseId().hashCode())));
        }
        return all;
    }

    private List<CaseVolume> prepared(TaskRegistered task, List<String> caseIds, boolean heldOut) {
        DatasetDescriptor descriptor = descriptor(task.task().site());
        int channel = channelOf(descriptor, task.task().modality());
        List<CaseVolume> out = new ArrayList<>();
        for (String caseId : caseIds) {
            NiftiImage image =
                    read(
                            ObjectKeys.image(
                                    task.task().site(),
                                    heldOut,
                                    caseId,
                                    channel,
                                    descriptor.fileEnding()));
            NiftiImage labels =
                    read(
                            ObjectKeys.label(
                                    task.task().site(), heldOut, caseId, descriptor.fileEnding()));
            out.add(Preprocessing.prepare(caseId, image, labels, task.labelValue()));
        }
        return out;
    }

    private DatasetDescriptor descriptor(String site) {
        try {
            return Json.mapper()
                    .readValue(
                            store.get(bucket, ObjectKeys.datasetJson(site)),
                            DatasetDescriptor.class);
        } catch (ObjectStoreException | IOException e) {
            throw new DataMissingException(
                    "cannot read " + ObjectKeys.datasetJson(site) + ": " + e.getMessage(), e);
        }
    }

    private static int channelOf(DatasetDescriptor descriptor, String modality) {
        return descriptor.channelNames().entrySet().stream()
                .filter(e -> e.getValue().equals(modality))
                .map(e -> Integer.parseInt(e.getKey()))
                .findFirst()
                .orElseThrow(
                        () ->
                                new DataMissingException(
                                        "modality " + modality + " is not in dataset.json", null));
    }

    private NiftiImage read(String key) {
        try (InputStream in = store.open(bucket, key)) {
            return new NiftiReader().read(in);
        } catch (ObjectStoreException | IOException | NiftiException e) {
            throw new DataMissingException(
                    "cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
