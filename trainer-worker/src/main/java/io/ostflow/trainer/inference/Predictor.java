package io.ostflow.trainer.inference;

import io.ostflow.common.events.PredictionsWritten;
import io.ostflow.common.events.PredictionsWritten.Prediction;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.nifti.NiftiDatatype;
import io.ostflow.nifti.NiftiException;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiWriter;
import io.ostflow.nifti.Voxels;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.data.Preprocessing;
import io.ostflow.trainer.model.Devices;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.TrainingSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Segments a target site's own cases with a trained model: its unlabelled cases (imagesTs without
 * labels) and its held-out cases. Each mask is written to the models bucket as {@code
 * predictions/SITE/TASK/JOB/CASE.nii.gz}: uint8 0/1 with the input's header (shape, pixdim, qform
 * and sform), so it overlays the image it came from in any viewer.
 */
public final class Predictor {
    private final ObjectStore store;
    private final String modelsBucket;
    private final CaseSource cases;
    private final TrainingSettings settings;
    private final String device;
    private final Clock clock;

    /**
     * @param settings the recipe the model was trained with (its architecture)
     */
    public Predictor(
            ObjectStore store,
            String modelsBucket,
            CaseSource cases,
            TrainingSettings settings,
            String device,
            Clock clock) {
        this.store = store;
        this.modelsBucket = modelsBucket;
        this.cases = cases;
        this.settings = settings;
        this.device = device;
        this.clock = clock;
    }

    /** Whether the target has any case to segment. */
    public static boolean hasCases(TaskRegistered target) {
        return !target.unlabelledCases().isEmpty() || !target.evaluationCases().isEmpty();
    }

    /**
     * Segments every unlabelled and held-out case of {@code target} with the final weights of
     * {@code completed}; a case that cannot be read is reported with its error, the others are
     * still written.
     */
    public PredictionsWritten predict(TrainingCompleted completed, TaskRegistered target) {
        List<Prediction> predictions = new ArrayList<>();
        try (SegmentationModel model = new SegmentationModel(settings, Devices.choose(device))) {
            model.load(store.get(modelsBucket, completed.modelKey()));
            for (String caseId : target.unlabelledCases()) {
                predictions.add(segment(model, target, completed.jobId(), caseId, false));
            }
            for (String caseId : target.evaluationCases()) {
                predictions.add(segment(model, target, completed.jobId(), caseId, true));
            }
        }
        return new PredictionsWritten(
                completed.jobId(),
                target.task().toString(),
                completed.modelKey(),
                predictions,
                clock.instant());
    }

    private Prediction segment(
            SegmentationModel model,
            TaskRegistered target,
            String jobId,
            String caseId,
            boolean heldOut) {
        NiftiImage image;
        try {
            image = cases.image(target, caseId, true);
        } catch (CaseSource.DataMissingException
                | CaseSource.DataChangedException
                | NiftiException e) {
            return new Prediction(caseId, heldOut, null, 0, e.getMessage());
        }
        NiftiImage prediction = segment(model, caseId, image);
        long foreground = 0;
        for (int i = 0; i < prediction.voxels().size(); i++) {
            foreground += (long) prediction.scaled(i);
        }
        String key =
                ObjectKeys.prediction(
                        target.task().site(), target.task().toString(), jobId, caseId);
        store.put(modelsBucket, key, NiftiWriter.toBytes(prediction, true), "application/gzip");
        return new Prediction(caseId, heldOut, key, foreground, null);
    }

    /**
     * The mask {@code model} predicts for {@code image}: uint8 0/1 with the image's header (shape,
     * pixdim, qform, sform), preprocessed and thresholded as in the evaluation.
     */
    public static NiftiImage segment(SegmentationModel model, String caseId, NiftiImage image) {
        byte[] mask = mask(image, model.logits(Preprocessing.image(caseId, image)));
        return new NiftiImage(
                image.header().toBuilder()
                        .datatype(NiftiDatatype.UINT8)
                        .scaling(1, 0)
                        .description("ostflow prediction")
                        .build(),
                Voxels.ofUint8(mask));
    }

    /** The logits of the crop, thresholded at 0 (sigmoid 0.5), put back into the full volume. */
    static byte[] mask(NiftiImage image, float[] cropLogits) {
        int[] shape = {image.header().dim(0), image.header().dim(1), image.header().dim(2)};
        int[] box = Preprocessing.cropBox(image);
        byte[] mask = new byte[shape[0] * shape[1] * shape[2]];
        int i = 0;
        for (int z = box[2]; z < box[5]; z++) {
            for (int y = box[1]; y < box[4]; y++) {
                for (int x = box[0]; x < box[3]; x++, i++) {
                    if (cropLogits[i] > 0) {
                        mask[x + shape[0] * (y + shape[1] * z)] = 1;
                    }
                }
            }
        }
        return mask;
    }
}
