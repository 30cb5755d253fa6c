package io.ostflow.trainer.data;

import io.ostflow.common.Json;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.ObjectStoreException;
import io.ostflow.common.storage.StorageUnavailableException;
import io.ostflow.nifti.NiftiError;
import io.ostflow.nifti.NiftiException;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the cases of a task from the landing bucket (the channel of its modality and its label map)
 * and prepares them ({@link Preprocessing}) at their own voxel grid, for training and evaluation.
 */
public final class CaseSource {
    private final ObjectStore store;
    private final String bucket;

    public CaseSource(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    /** Data that cannot be read: the job fails with {@code DATA_MISSING}. */
    public static final class DataMissingException extends RuntimeException {
        public DataMissingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A landing object that no longer has the ETag it was validated with: the job fails with {@code
     * DATA_CHANGED}.
     */
    public static final class DataChangedException extends RuntimeException {
        public DataChangedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The listed cases of a task, cropped and normalised, in list order.
     *
     * @param heldOut read them from {@code imagesTs}/{@code labelsTs}
     */
    public List<CaseVolume> cases(TaskRegistered task, List<String> caseIds, boolean heldOut) {
        return prepared(task, caseIds, heldOut);
    }

    private List<CaseVolume> prepared(TaskRegistered task, List<String> caseIds, boolean heldOut) {
        DatasetDescriptor descriptor = descriptor(task);
        int channel = channelOf(descriptor, task.modalityName());
        List<CaseVolume> out = new ArrayList<>();
        for (String caseId : caseIds) {
            NiftiImage image =
                    read(
                            task,
                            ObjectKeys.image(
                                    task.task().site(),
                                    heldOut,
                                    caseId,
                                    channel,
                                    descriptor.fileEnding()));
            NiftiImage labels =
                    read(
                            task,
                            ObjectKeys.label(
                                    task.task().site(), heldOut, caseId, descriptor.fileEnding()));
            out.add(Preprocessing.prepare(caseId, image, labels, task.labels()));
        }
        return out;
    }

    private DatasetDescriptor descriptor(TaskRegistered task) {
        String site = task.task().site();
        String key = ObjectKeys.datasetJson(site);
        try (InputStream in = store.open(bucket, key, task.pinnedEtag(key))) {
            return Json.mapper().readValue(in.readAllBytes(), DatasetDescriptor.class);
        } catch (ObjectStoreException e) {
            throw changedMissingOrUnavailable(key, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataMissingException("cannot read " + key + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw missingOrUnavailable(key, e, false);
        }
    }

    /** The channel that dataset.json names {@code modality} (the task's original name). */
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

    /** The image of one case in the channel of the task's modality, as stored. */
    public NiftiImage image(TaskRegistered task, String caseId, boolean heldOut) {
        DatasetDescriptor descriptor = descriptor(task);
        return read(
                task,
                ObjectKeys.image(
                        task.task().site(),
                        heldOut,
                        caseId,
                        channelOf(descriptor, task.modalityName()),
                        descriptor.fileEnding()));
    }

    /** A landing object as the ingest validated it (its pinned ETag), when the task pins it. */
    private NiftiImage read(TaskRegistered task, String key) {
        try (InputStream in = store.open(bucket, key, task.pinnedEtag(key))) {
            return new NiftiReader().read(in);
        } catch (ObjectStoreException e) {
            throw changedMissingOrUnavailable(key, e);
        } catch (NiftiException e) {
            throw missingOrUnavailable(key, e, e.reason() != NiftiError.IO);
        } catch (IOException e) {
            throw missingOrUnavailable(key, e, false);
        }
    }

    private RuntimeException changedMissingOrUnavailable(String key, ObjectStoreException e) {
        if (e.isChanged()) {
            return new DataChangedException(
                    "s3://"
                            + bucket
                            + "/"
                            + key
                            + " was replaced after its drop was validated and registered; it is"
                            + " not trained on unchecked (the replacement makes a new drop version,"
                            + " validated and planned on its own)",
                    e);
        }
        return missingOrUnavailable(key, e, e.isNotFound());
    }

    /**
     * A definite answer (the object is gone, the file is not valid) fails the job as {@code
     * DATA_MISSING}; a store that could not answer is an outage, retried and never a verdict.
     */
    private RuntimeException missingOrUnavailable(String key, Exception e, boolean definite) {
        String message = "cannot read s3://" + bucket + "/" + key + ": " + e.getMessage();
        return definite
                ? new DataMissingException(message, e)
                : new StorageUnavailableException(message, e);
    }
}
