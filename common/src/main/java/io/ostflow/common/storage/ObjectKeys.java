package io.ostflow.common.storage;

import java.util.Optional;

/**
 * The object-store layout. Buckets are configurable; the key layout inside them is fixed:
 *
 * <pre>
 * landing:  SITE/dataset.json
 *           SITE/imagesTr/CASE_CCCC.nii.gz   SITE/labelsTr/CASE.nii.gz
 *           SITE/imagesTs/CASE_CCCC.nii.gz   SITE/labelsTs/CASE.nii.gz   (held-out evaluation)
 * features: SITE/VERSION/images/CHANNEL/CASE.feat
 *           SITE/VERSION/labels/LABEL/CASE.feat
 * models:   JOB/STAGE
 * </pre>
 */
public final class ObjectKeys {
    /** Default landing bucket, where sites drop their datasets. */
    public static final String LANDING_BUCKET = "ostflow-landing";

    /** Default features bucket: per-volume fingerprints. */
    public static final String FEATURES_BUCKET = "ostflow-features";

    /** Default models bucket: checkpoints per job and stage. */
    public static final String MODELS_BUCKET = "ostflow-models";

    /** Name of the drop descriptor; its arrival triggers processing. */
    public static final String DATASET_JSON = "dataset.json";

    private ObjectKeys() {}

    public static String datasetJson(String site) {
        return site + "/" + DATASET_JSON;
    }

    /** Key of one channel of one case, e.g. {@code 01/imagesTr/case001_0002.nii.gz}. */
    public static String image(
            String site, boolean heldOut, String caseId, int channel, String fileEnding) {
        return String.format(
                "%s/%s/%s_%04d%s",
                site, heldOut ? "imagesTs" : "imagesTr", caseId, channel, fileEnding);
    }

    /** Key of the label map of one case. */
    public static String label(String site, boolean heldOut, String caseId, String fileEnding) {
        return String.format(
                "%s/%s/%s%s", site, heldOut ? "labelsTs" : "labelsTr", caseId, fileEnding);
    }

    public static String imageFeature(String site, String version, String channel, String caseId) {
        return site + "/" + version + "/images/" + channel + "/" + caseId + ".feat";
    }

    public static String labelFeature(String site, String version, String label, String caseId) {
        return site + "/" + version + "/labels/" + label + "/" + caseId + ".feat";
    }

    public static String checkpoint(String jobId, String stage) {
        return jobId + "/" + stage;
    }

    /**
     * Models-bucket key of the mask one job's model predicted for one case of a target site: per
     * job, so that a job finishing late never overwrites another model's masks.
     */
    public static String prediction(String site, String task, String jobId, String caseId) {
        return "predictions/" + site + "/" + task + "/" + jobId + "/" + caseId + ".nii.gz";
    }

    /** The model card of a job's final model, beside its checkpoints. */
    public static String modelCard(String jobId) {
        return checkpoint(jobId, "model-card.json");
    }

    /** The site of a landing key, i.e. its first path segment, if the key is safe. */
    public static Optional<String> siteOf(String key) {
        if (unsafeReason(key).isPresent()) {
            return Optional.empty();
        }
        int slash = key.indexOf('/');
        return slash > 0 ? Optional.of(key.substring(0, slash)) : Optional.empty();
    }

    /**
     * Why a key must not be used, if it must not: absolute, with {@code ..} or {@code .} segments,
     * empty segments, backslashes or control characters.
     */
    public static Optional<String> unsafeReason(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("empty key");
        }
        if (key.startsWith("/")) {
            return Optional.of("absolute key");
        }
        if (key.indexOf('\\') >= 0) {
            return Optional.of("backslash in key");
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                return Optional.of("control character in key");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of("path traversal segment '" + segment + "'");
            }
            if (segment.isEmpty()) {
                return Optional.of("empty path segment");
            }
        }
        return Optional.empty();
    }
}
