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
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the cases of a task from the landing bucket (the channel of its modality and its label map)
 * and turns them into training slices.
 */
public final class CaseSource {
    private final ObjectStore store;
    private final String bucket;
    private final int inputSize;
    private final int backgroundStride;

    public CaseSource(ObjectStore store, String bucket, int inputSize, int backgroundStride) {
        this.store = store;
        this.bucket = bucket;
        this.inputSize = inputSize;
        this.backgroundStride = backgroundStride;
    }

    /** Data that cannot be read: the job fails with {@code DATA_MISSING}. */
    public static final class DataMissingException extends RuntimeException {
        public DataMissingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Slices of every listed case, by case id in list order. */
    public Map<String, List<float[][]>> slices(
            TaskRegistered task, List<String> caseIds, boolean heldOut) {
        DatasetDescriptor descriptor = descriptor(task.task().site());
        int channel = channelOf(descriptor, task.task().modality());
        Map<String, List<float[][]>> out = new LinkedHashMap<>();
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
            CaseVolume volume = Preprocessing.prepare(caseId, image, labels, task.labelValue());
            out.put(caseId, Preprocessing.slices(volume, inputSize, backgroundStride));
        }
        return out;
    }

    /** All slices of the listed cases in one list. */
    public List<float[][]> trainingSlices(TaskRegistered task, List<String> caseIds) {
        List<float[][]> all = new ArrayList<>();
        slices(task, caseIds, false).values().forEach(all::addAll);
        return all;
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
